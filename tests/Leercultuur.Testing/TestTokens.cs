using System.Net.Http.Headers;
using Leercultuur.ServiceDefaults.Security;

namespace Leercultuur.Testing;

/// <summary>
/// Bearer tokens for tests, signed with one development key that every test host is pointed at (as the
/// services of one machine share theirs), so a token made here is accepted by any host a test starts.
/// </summary>
public static class TestTokens
{
    public static readonly string KeyFile = Path.Combine(Path.GetTempPath(), "leercultuur-tests", "development-signing-key.pem");

    private static readonly DevelopmentTokens Issuer = new(new AuthOptions { Development = { Enabled = true, KeyFile = KeyFile } });

    /// <summary>
    /// What every test host starts with (a test's own settings override): these tokens are accepted, and
    /// the rate limits do not get in the way of tests that drive hundreds of scans as one caller.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Auth:Development:Enabled", "true"),
        new("Auth:Development:KeyFile", KeyFile),
        new("Http:RateLimits:PerCaller:PermitLimit", "1000000"),
        new("Http:RateLimits:Anonymous:PermitLimit", "1000000"),
    ];

    public static string For(string role, Guid? programme = null, TimeSpan? lifetime = null, DateTimeOffset? now = null) =>
        Issuer.Issue(role, programme, lifetime: lifetime, now: now);

    /// <summary>A token of the right key and audience that expired an hour ago.</summary>
    public static string Expired(string role) => For(role, lifetime: TimeSpan.FromHours(1), now: DateTimeOffset.UtcNow.AddHours(-2));

    /// <summary>A well-formed token signed by a key no host trusts.</summary>
    public static string SignedByAnotherKey(string role) =>
        new DevelopmentTokens(new AuthOptions { Development = { Enabled = true, KeyFile = Path.Combine(Path.GetTempPath(), "leercultuur-tests", "another-signing-key.pem") } }).Issue(role);

    /// <summary>A token of the trusted key for another audience (another API of the same identity provider).</summary>
    public static string ForAudience(string audience, string role) =>
        new DevelopmentTokens(new AuthOptions { Audience = audience, Development = { Enabled = true, KeyFile = KeyFile } }).Issue(role);

    /// <summary>Sends every request of this client with a token of the role (and programme).</summary>
    public static HttpClient As(this HttpClient client, string role, Guid? programme = null)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(role, programme));
        return client;
    }
}
