using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Leercultuur.Dashboard.Tests;

/// <summary>
/// The least of an OIDC provider the dashboard's sign-in needs, on loopback: discovery, the authorisation
/// endpoint (it signs the one user in at once), the token endpoint with PKCE checked, and the signing key.
/// Its tokens are what a real provider would issue a programme's user: role programme, the programme's id.
/// </summary>
public sealed class FakeIdentityProvider(string clientId, Guid programme) : IAsyncDisposable
{
    private readonly RSA key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri)> codes = new();
    private WebApplication? app;

    public Uri Authority { get; private set; } = null!;

    /// <summary>How many codes were exchanged with a verifier that matched their challenge.</summary>
    public int VerifiedExchanges;

    /// <summary>The next sign-in is declined, as a user who cancels at the provider.</summary>
    public bool RefuseNext { get; set; }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();

        // Read by the browser from the dashboard's origin, so every answer allows any origin.
        app.Use((context, next) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            return next(context);
        });
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{Issuer}/authorize",
            ["token_endpoint"] = $"{Issuer}/token",
            ["jwks_uri"] = $"{Issuer}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var parameters = key.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "test", n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) } } });
        });
        app.MapGet("/authorize", (HttpContext context) =>
        {
            var query = context.Request.Query;
            if (query["response_type"] != "code" || query["client_id"] != clientId || query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]))
            {
                return Results.BadRequest("not an authorisation code request with PKCE from the dashboard");
            }

            if (RefuseNext)
            {
                RefuseNext = false;
                return Results.Redirect($"{query["redirect_uri"]}?error=access_denied&error_description={Uri.EscapeDataString("The user declined.")}&state={Uri.EscapeDataString(query["state"]!)}");
            }

            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            codes[code] = (query["code_challenge"]!, query["redirect_uri"]!);
            return Results.Redirect($"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"]!)}");
        });
        app.MapPost("/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            if (form["grant_type"] != "authorization_code" || form["client_id"] != clientId || !codes.TryRemove(form["code"].ToString(), out var issued))
            {
                return Results.BadRequest(new { error = "invalid_grant" });
            }

            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
            if (challenge != issued.Challenge || form["redirect_uri"] != issued.RedirectUri)
            {
                return Results.BadRequest(new { error = "invalid_grant" });
            }

            Interlocked.Increment(ref VerifiedExchanges);
            return Results.Json(new { access_token = Token(), token_type = "Bearer", expires_in = 900 });
        });
        await app.StartAsync();
        Authority = new Uri(app.Urls.First());
    }

    private string Issuer => Authority.ToString().TrimEnd('/');

    private string Token() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = "leercultuur",
        Expires = DateTime.UtcNow.AddMinutes(15),
        Claims = new Dictionary<string, object> { ["sub"] = $"user-of-{programme:D}", ["roles"] = "programme", ["programme"] = programme.ToString("D") },
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = "test" }, SecurityAlgorithms.RsaSha256),
    });

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        key.Dispose();
    }
}
