using System.Net;
using System.Net.Http.Json;
using System.Text;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.Contract.Tests;

/// <summary>
/// Every endpoint of every service × every kind of caller, with the status each must get. One table: an
/// endpoint added without a row fails the test, so no endpoint goes out with access left to chance.
/// </summary>
public sealed class AuthorizationMatrixTests(StandaloneHost host) : IClassFixture<StandaloneHost>
{
    private enum Caller
    {
        None,
        Expired,
        OtherKey,
        WrongAudience,
        Respondent,
        Admin,
        ProgrammeA,
        ProgrammeB,
        Analyst,
    }

    /// <summary>One request to make, built fresh per caller, and the status each caller must get.</summary>
    private sealed record Row(string Endpoint, string Variant, Func<StandaloneHost, Task<HttpRequestMessage>> Request, IReadOnlyDictionary<Caller, int> Expected);

    private static readonly Caller[] WithoutValidToken = [Caller.None, Caller.Expired, Caller.OtherKey, Caller.WrongAudience, Caller.Respondent];

    [Fact]
    public void Every_endpoint_of_every_service_has_a_row_in_the_matrix()
    {
        var endpoints = host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(Key)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var covered = Rows().Select(r => r.Endpoint).ToHashSet();

        var withoutRow = endpoints.Where(e => !covered.Contains(e)).ToList();
        var withoutEndpoint = covered.Where(e => !endpoints.Contains(e)).ToList();
        Assert.True(withoutRow.Count == 0, "Endpoints without a row: " + string.Join(", ", withoutRow));
        Assert.True(withoutEndpoint.Count == 0, "Rows without an endpoint: " + string.Join(", ", withoutEndpoint));
    }

    [Fact]
    public async Task Every_endpoint_answers_every_kind_of_caller_as_the_access_model_says()
    {
        var wrong = new List<string>();
        foreach (var row in Rows())
        {
            // The callers of one row go at once: each builds its own request (and whatever it needs, such as
            // a new organisation that must first reach the scan service), so none depends on another's.
            // Rows stay in order, since a later row may change what an earlier one reads.
            var outcomes = await Task.WhenAll(row.Expected.Select(async pair =>
            {
                var (caller, expected) = pair;
                using var client = host.ClientWith(await TokenAsync(caller));
                using var request = await row.Request(host);
                using var response = await client.SendAsync(request);
                if ((int)response.StatusCode != expected)
                {
                    return $"{row.Endpoint} ({row.Variant}) as {caller}: {(int)response.StatusCode}, expected {expected}. {await response.Content.ReadAsStringAsync()}";
                }

                return expected is 401 && !response.Headers.WwwAuthenticate.ToString().StartsWith("Bearer", StringComparison.Ordinal)
                    ? $"{row.Endpoint} ({row.Variant}) as {caller}: 401 without a Bearer challenge."
                    : null;
            }));
            wrong.AddRange(outcomes.OfType<string>());
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private async Task<string?> TokenAsync(Caller caller) => caller switch
    {
        Caller.None => null,
        Caller.Expired => TestTokens.Expired(Roles.Admin),
        Caller.OtherKey => TestTokens.SignedByAnotherKey(Roles.Admin),
        Caller.WrongAudience => TestTokens.ForAudience("another-api", Roles.Admin),
        Caller.Respondent => (await RespondentScanAsync()).Token,
        Caller.Admin => TestTokens.For(Roles.Admin),
        Caller.ProgrammeA => TestTokens.For(Roles.Programme, host.ProgrammeA),
        Caller.ProgrammeB => TestTokens.For(Roles.Programme, host.ProgrammeB),
        Caller.Analyst => TestTokens.For(Roles.Analyst),
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };

    // One open scan whose respondent token serves as the respondent's "credential" everywhere; made once,
    // however many callers ask for it at once.
    private readonly Lazy<Task<(Guid Scan, string Token)>> respondentScan = new(() => host.NewScanAsync(host.ProgrammeA));

    private Task<(Guid Scan, string Token)> RespondentScanAsync() => respondentScan.Value;

    private static string Key(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Where(m => m != "HEAD").ToList();
        var method = methods is { Count: > 0 } ? string.Join(",", methods) : "*";
        // A group's root route ends in '/', which routing (and the document) treats as the path without it.
        return $"{method} /{endpoint.RoutePattern.RawText!.Trim('/')}";
    }

    // Open to anyone: the same status whoever calls, even with a broken token.
    private static Dictionary<Caller, int> Open(int status) => Enum.GetValues<Caller>().ToDictionary(c => c, _ => status);

    // Needs a valid token: 401 without one, then per role.
    private static Dictionary<Caller, int> Guarded(int admin, int programmeA, int programmeB, int analyst)
    {
        var expected = WithoutValidToken.ToDictionary(c => c, _ => 401);
        expected[Caller.Admin] = admin;
        expected[Caller.ProgrammeA] = programmeA;
        expected[Caller.ProgrammeB] = programmeB;
        expected[Caller.Analyst] = analyst;
        return expected;
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Send(HttpMethod method, string path, object? body = null, string? ifMatch = null, string mediaType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)), Encoding.UTF8, mediaType);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    private IEnumerable<Row> Rows()
    {
        const string organisations = "/organisations/v1/organisations";
        const string programmes = "/organisations/v1/programmes";
        const string scans = "/scans/v1/scans";

        // Health and documents.
        yield return new("* /health/live", "", _ => Task.FromResult(Get("/health/live")), Open(200));
        yield return new("* /health/ready", "", _ => Task.FromResult(Get("/health/ready")), Open(200));
        yield return new("GET /dashboard/config.json", "", _ => Task.FromResult(Get("/dashboard/config.json")), Open(200));
        yield return new("GET /dashboard/{**file}", "page", _ => Task.FromResult(Get("/dashboard/")), Open(200));
        yield return new("GET /dashboard/{**file}", "script", _ => Task.FromResult(Get("/dashboard/dashboard.js")), Open(200));
        yield return new("GET /{documentName}/v1/openapi.json", "organisations", _ => Task.FromResult(Get("/organisations/v1/openapi.json")), Open(200));
        yield return new("GET /{documentName}/v1/openapi.json", "scans", _ => Task.FromResult(Get("/scans/v1/openapi.json")), Open(200));
        yield return new("GET /{documentName}/v1/openapi.json", "reporting", _ => Task.FromResult(Get("/reporting/v1/openapi.json")), Open(200));

        // Organisations: a programme client reaches its own members only; analysts none.
        yield return new("POST /organisations/v1/organisations", "register", h => Task.FromResult(Send(HttpMethod.Post, organisations, h.NewOrganisationBody())), Guarded(201, 201, 201, 403));
        yield return new("GET /organisations/v1/organisations", "list", _ => Task.FromResult(Get(organisations)), Guarded(200, 200, 200, 403));
        yield return new("GET /organisations/v1/organisations/{id}", "a member of A", async h => Get($"{organisations}/{await MemberOfAAsync()}"), Guarded(200, 200, 404, 403));
        yield return new("PATCH /organisations/v1/organisations/{id}", "a member of A", async h => Send(HttpMethod.Patch, $"{organisations}/{await h.NewOrganisationAsync(h.ProgrammeA)}", new { employees = 30 }, "\"1\"", "application/merge-patch+json"), Guarded(200, 200, 404, 403));
        yield return new("DELETE /organisations/v1/organisations/{id}", "a member of A", async h => Send(HttpMethod.Delete, $"{organisations}/{await h.NewOrganisationAsync(h.ProgrammeA)}"), Guarded(204, 204, 404, 403));

        // Code lists: open data.
        foreach (var list in new[] { "sbi-sections", "sbi-divisions", "size-classes", "provinces" })
        {
            yield return new($"GET /organisations/v1/code-lists/{list}", "", _ => Task.FromResult(Get($"/organisations/v1/code-lists/{list}")), Open(200));
        }

        // Programmes: managed by admins; a programme client reads its own.
        yield return new("POST /organisations/v1/programmes", "create", _ => Task.FromResult(Send(HttpMethod.Post, programmes, new { name = $"P {Guid.NewGuid():N}", sbiSections = new[] { "C" } })), Guarded(201, 403, 403, 403));
        yield return new("GET /organisations/v1/programmes", "list", _ => Task.FromResult(Get(programmes)), Guarded(200, 403, 403, 403));
        yield return new("GET /organisations/v1/programmes/{id}", "A", h => Task.FromResult(Get($"{programmes}/{h.ProgrammeA}")), Guarded(200, 200, 404, 403));
        yield return new("PATCH /organisations/v1/programmes/{id}", "a new one", async h => Send(HttpMethod.Patch, $"{programmes}/{await h.NewProgrammeAsync()}", new { description = "Gewijzigd" }, "\"1\"", "application/merge-patch+json"), Guarded(200, 403, 403, 403));
        yield return new("PUT /organisations/v1/programmes/{id}/members/{organisationId}", "A, a member of A", async h => Send(HttpMethod.Put, $"{programmes}/{h.ProgrammeA}/members/{await MemberOfAAsync()}"), Guarded(204, 403, 403, 403));
        yield return new("DELETE /organisations/v1/programmes/{id}/members/{organisationId}", "B, a member of A", async h => Send(HttpMethod.Delete, $"{programmes}/{h.ProgrammeB}/members/{await MemberOfAAsync()}"), Guarded(204, 403, 403, 403));
        yield return new("GET /organisations/v1/programmes/{id}/members", "A", h => Task.FromResult(Get($"{programmes}/{h.ProgrammeA}/members")), Guarded(200, 200, 404, 403));

        // Scans: a programme client starts and manages the scans of its own members; respondents answer with their token.
        yield return new("GET /scans/v1/instruments", "", _ => Task.FromResult(Get("/scans/v1/instruments")), Open(200));
        yield return new("GET /scans/v1/instruments/{key}/versions/{version}", "", _ => Task.FromResult(Get("/scans/v1/instruments/team-psychological-safety/versions/1")), Open(200));
        yield return new("POST /scans/v1/scans", "a member of A", async h => Send(HttpMethod.Post, scans, new { organisationId = await MemberOfAAsync(), instrument = "team-psychological-safety", period = "2026-Q3", team = $"Team {Guid.NewGuid():N}" }), Guarded(201, 201, 422, 403));
        yield return new("GET /scans/v1/scans/{id}", "of a member of A", async h => Get($"{scans}/{(await RespondentScanAsync()).Scan}"), Guarded(200, 200, 404, 403));
        yield return new("GET /scans/v1/scans/{id}/result", "of a member of A, completed, without its result token", async h => Get($"{scans}/{(await CompletedOfAAsync()).Scan}/result"), Guarded(200, 200, 404, 403));
        yield return new("GET /scans/v1/scans/{id}/result", "with its result token", async h =>
        {
            var (scan, token) = await CompletedOfAAsync();
            var request = Get($"{scans}/{scan}/result");
            request.Headers.Add("Result-Token", token);
            return request;
        }, Open(200));
        yield return new("POST /scans/v1/scans/{id}/result-token", "of a member of A, completed", async h => Send(HttpMethod.Post, $"{scans}/{(await h.CompletedScanAsync(h.ProgrammeA)).Scan}/result-token"), Guarded(200, 200, 404, 403));
        yield return new("DELETE /scans/v1/scans/{id}/invitations", "of a member of A", async h => Send(HttpMethod.Delete, $"{scans}/{(await RespondentScanAsync()).Scan}/invitations?role=team-member"), Guarded(200, 200, 404, 403));
        yield return new("POST /scans/v1/replays", "one page", _ => Task.FromResult(Send(HttpMethod.Post, "/scans/v1/replays", new { limit = 1 })), Guarded(200, 403, 403, 403));
        yield return new("POST /scans/v1/instruments", "a new draft", _ => Task.FromResult(Send(HttpMethod.Post, "/scans/v1/instruments", System.Text.Json.Nodes.JsonNode.Parse(StandaloneHost.DraftDefinition($"draft-{Guid.NewGuid():N}")))), Guarded(201, 403, 403, 403));
        yield return new("POST /scans/v1/instruments/{key}/versions/{version}/publication", "a new draft", async h => Send(HttpMethod.Post, $"/scans/v1/instruments/{await h.NewDraftAsync()}/versions/1/publication"), Guarded(200, 403, 403, 403));
        yield return new("POST /scans/v1/scans/{id}/invitations", "of a member of A", async h => Send(HttpMethod.Post, $"{scans}/{(await RespondentScanAsync()).Scan}/invitations", new { role = "team-member", count = 1 }), Guarded(201, 201, 404, 403));
        yield return new("GET /scans/v1/scans/{id}/invitations", "of a member of A", async h => Get($"{scans}/{(await RespondentScanAsync()).Scan}/invitations"), Guarded(200, 200, 404, 403));
        yield return new("GET /scans/v1/scans/{id}/questionnaire", "with a token of its own", async h =>
        {
            var scan = (await RespondentScanAsync()).Scan;
            return StandaloneHost.WithRespondentToken(Get($"{scans}/{scan}/questionnaire"), await h.NewTokenAsync(scan));
        }, Open(200));
        yield return new("PUT /scans/v1/scans/{id}/questionnaire/answers", "with a token of its own", async h =>
        {
            var scan = (await RespondentScanAsync()).Scan;
            return StandaloneHost.WithRespondentToken(Send(HttpMethod.Put, $"{scans}/{scan}/questionnaire/answers", new { answers = new { ps1 = 4 } }), await h.NewTokenAsync(scan));
        }, Open(200));
        yield return new("POST /scans/v1/scans/{id}/questionnaire/submission", "with a token of its own", async h =>
        {
            var scan = (await RespondentScanAsync()).Scan;
            return StandaloneHost.WithRespondentToken(Send(HttpMethod.Post, $"{scans}/{scan}/questionnaire/submission", new { answers = await h.AnswersAsync(4) }), await h.NewTokenAsync(scan));
        }, Open(200));
        yield return new("POST /scans/v1/scans/{id}/completion", "of a member of A, answered", async h => Send(HttpMethod.Post, $"{scans}/{(await h.NewScanAsync(h.ProgrammeA, respondents: 3)).Scan}/completion"), Guarded(200, 200, 404, 403));
        yield return new("POST /scans/v1/scans/{id}/withdrawal", "of a member of A", async h => Send(HttpMethod.Post, $"{scans}/{(await h.NewScanAsync(h.ProgrammeA)).Scan}/withdrawal"), Guarded(200, 200, 404, 403));

        // Indicators: national figures are open data; a programme's need a token that reaches it.
        yield return new("GET /reporting/v1/instruments", "", _ => Task.FromResult(Get("/reporting/v1/instruments")), Open(200));
        yield return new("GET /reporting/v1/periods", "", _ => Task.FromResult(Get("/reporting/v1/periods")), Open(200));
        yield return new("GET /reporting/v1/benchmarks", "sector C", _ => Task.FromResult(Get("/reporting/v1/benchmarks?instrument=team-psychological-safety&period=2026-Q4&sector=C&sbiVersion=2008")), Open(200));
        yield return new("GET /reporting/v1/indicators", "national", _ => Task.FromResult(Get("/reporting/v1/indicators?instrument=team-psychological-safety&period=2026-Q4&groupBy=sector")), Open(200));
        yield return new("GET /reporting/v1/indicators", "programme A", h => Task.FromResult(Get($"/reporting/v1/indicators?instrument=team-psychological-safety&period=2026-Q4&programme={h.ProgrammeA}")), Guarded(200, 200, 404, 200));
        yield return new("GET /reporting/v1/observations", "national", _ => Task.FromResult(Get("/reporting/v1/observations?instrument=team-psychological-safety&groupBy=sector")), Open(200));
        yield return new("GET /reporting/v1/observations", "programme A", h => Task.FromResult(Get($"/reporting/v1/observations?instrument=team-psychological-safety&groupBy=programme&programme={h.ProgrammeA}")), Guarded(200, 200, 404, 200));
        yield return new("GET /reporting/v1/trends", "national", _ => Task.FromResult(Get("/reporting/v1/trends?instrument=team-psychological-safety&dimension=psychological-safety&groupBy=sector")), Open(200));
        yield return new("GET /reporting/v1/trends", "programme A", h => Task.FromResult(Get($"/reporting/v1/trends?instrument=team-psychological-safety&dimension=psychological-safety&groupBy=programme&programme={h.ProgrammeA}")), Guarded(200, 200, 404, 200));
        yield return new("GET /reporting/v1/code-lists/{dimension}", "sector", _ => Task.FromResult(Get("/reporting/v1/code-lists/sector")), Open(200));
        yield return new("POST /reporting/v1/releases", "now", _ => Task.FromResult(Send(HttpMethod.Post, "/reporting/v1/releases", new { })), Guarded(200, 403, 403, 403));
        yield return new("POST /reporting/v1/rebuilds", "all", _ => Task.FromResult(Send(HttpMethod.Post, "/reporting/v1/rebuilds")), Guarded(200, 403, 403, 403));
    }

    // Made once each, however many callers ask at once (the matrix's callers of a row run concurrently).
    private readonly Lazy<Task<Guid>> memberOfA = new(() => host.NewOrganisationAsync(host.ProgrammeA));

    private readonly Lazy<Task<(Guid Scan, string ResultToken)>> completedOfA = new(() => host.CompletedScanAsync(host.ProgrammeA));

    private Task<(Guid Scan, string ResultToken)> CompletedOfAAsync() => completedOfA.Value;

    private Task<Guid> MemberOfAAsync() => memberOfA.Value;
}
