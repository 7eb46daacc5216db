using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Leercultuur.ServiceDefaults.Security;

/// <summary>
/// Issues tokens signed with the local development key, for the standalone host and local work (the
/// <c>token</c> command). Only where no external authority is configured.
/// </summary>
public sealed class DevelopmentTokens(AuthOptions options)
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    private readonly Lazy<SigningCredentials> credentials = new(() =>
        new SigningCredentials(DevelopmentSigningKey.Load(options.Development.KeyFile), SecurityAlgorithms.RsaSha256));

    /// <exception cref="InvalidOperationException">An external authority is configured: it issues the tokens.</exception>
    public string Issue(string role, Guid? programme = null, string? subject = null, TimeSpan? lifetime = null, DateTimeOffset? now = null)
    {
        if (!string.IsNullOrWhiteSpace(options.Authority) || !options.Development.Enabled)
        {
            throw new InvalidOperationException("Development tokens are refused: tokens come from the configured authority (Auth:Authority), or development signing is off (Auth:Development:Enabled).");
        }

        var issuedAt = now ?? DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            [options.RoleClaim] = new[] { role },
            ["sub"] = subject ?? (programme is { } p ? $"programme-{p:D}" : $"{role}-development"),
        };
        if (programme is { } id)
        {
            claims[options.ProgrammeClaim] = id.ToString("D");
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Development.Issuer,
            Audience = options.Audience,
            Claims = claims,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = (issuedAt + (lifetime ?? TimeSpan.FromHours(8))).UtcDateTime,
            SigningCredentials = credentials.Value,
        });
    }

    /// <summary>The key that validates development tokens.</summary>
    public SecurityKey ValidationKey => credentials.Value.Key;
}
