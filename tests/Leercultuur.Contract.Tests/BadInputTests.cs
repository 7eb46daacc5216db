using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Leercultuur.Contract.Tests;

/// <summary>
/// Bad input of every kind on every endpoint of organisations, programmes, code lists, scans and
/// indicators: each gets a 4xx problem in our words, and nothing changes anywhere.
/// </summary>
public sealed class BadInputTests(StandaloneHost host) : IClassFixture<StandaloneHost>
{
    private static readonly string Long = new('x', 10_000);
    private const string Sql = "x'; DROP TABLE organisations; --";

    [Fact]
    public async Task Every_bad_input_gets_a_4xx_problem_and_changes_nothing()
    {
        var member = await host.NewOrganisationAsync(host.ProgrammeA);
        var (scan, token) = await host.NewScanAsync(host.ProgrammeA);
        var before = await StateAsync(member, scan);
        var wrong = new List<string>();

        foreach (var (name, request) in Cases(member, scan, token))
        {
            using var response = await host.Admin.SendAsync(request);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                wrong.Add($"{name}: {status} {response.Content.Headers.ContentType?.MediaType} {body[..Math.Min(body.Length, 300)]}");
            }
            else if (body.Contains("Microsoft.", StringComparison.Ordinal) || body.Contains("System.", StringComparison.Ordinal) || body.Contains(Long[..100], StringComparison.Ordinal))
            {
                // Our own words: no framework type names, and never the value sent back.
                wrong.Add($"{name}: the problem repeats internals or the input: {body[..Math.Min(body.Length, 300)]}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(before, await StateAsync(member, scan));
    }

    // Everything a bad request could have changed: counts, the member's version and programmes, the scan.
    private async Task<string> StateAsync(Guid member, Guid scan)
    {
        var scanState = await host.Admin.GetStringAsync($"/scans/v1/scans/{scan}") + await host.Admin.GetStringAsync($"/scans/v1/scans/{scan}/invitations") + await host.Admin.GetStringAsync("/scans/v1/instruments");
        var organisations = JsonNode.Parse(await host.Admin.GetStringAsync("/organisations/v1/organisations?limit=1"))!["total"]!.GetValue<int>();
        var programmes = JsonNode.Parse(await host.Admin.GetStringAsync("/organisations/v1/programmes?limit=1"))!["total"]!.GetValue<int>();
        var organisation = await host.Admin.GetAsync($"/organisations/v1/organisations/{member}");
        var members = JsonNode.Parse(await host.Admin.GetStringAsync($"/organisations/v1/programmes/{host.ProgrammeA}/members?limit=1"))!["total"]!.GetValue<int>();
        return $"{organisations} organisations, {programmes} programmes, {members} members of A, member {organisation.Headers.ETag} {await organisation.Content.ReadAsStringAsync()}, scan {scanState}";
    }

    private IEnumerable<(string Name, HttpRequestMessage Request)> Cases(Guid member, Guid scan, string token)
    {
        const string organisations = "/organisations/v1/organisations";
        var programmes = "/organisations/v1/programmes";
        var valid = new JsonObject { ["name"] = "Bedrijf", ["kvkNumber"] = "99000001", ["sbiCode"] = "6201", ["sbiVersion"] = 2008, ["employees"] = 12, ["province"] = "NL-UT" };
        JsonObject With(string member, JsonNode? value)
        {
            var copy = valid.DeepClone().AsObject();
            copy[member] = value;
            return copy;
        }

        // Registration: malformed, wrong types, huge numbers, long strings, unknown codes, SQL.
        yield return ("register: malformed JSON", Raw(HttpMethod.Post, organisations, "{\"name\": \"Bedrijf\","));
        yield return ("register: an array", Raw(HttpMethod.Post, organisations, "[1,2]"));
        yield return ("register: empty body", Raw(HttpMethod.Post, organisations, ""));
        yield return ("register: text/plain", Raw(HttpMethod.Post, organisations, valid.ToJsonString(), "text/plain"));
        yield return ("register: name a number", Json(HttpMethod.Post, organisations, With("name", 5)));
        yield return ("register: employees a string", Json(HttpMethod.Post, organisations, With("employees", "ten")));
        yield return ("register: employees 1e30", Raw(HttpMethod.Post, organisations, With("employees", 1).ToJsonString().Replace("\"employees\":1", "\"employees\":1e30", StringComparison.Ordinal)));
        yield return ("register: employees beyond int", Raw(HttpMethod.Post, organisations, With("employees", 1).ToJsonString().Replace("\"employees\":1", "\"employees\":99999999999", StringComparison.Ordinal)));
        yield return ("register: employees 0", Json(HttpMethod.Post, organisations, With("employees", 0)));
        yield return ("register: 10 kB name", Json(HttpMethod.Post, organisations, With("name", Long)));
        yield return ("register: blank name", Json(HttpMethod.Post, organisations, With("name", " \t ")));
        yield return ("register: unknown province", Json(HttpMethod.Post, organisations, With("province", "NL-XX")));
        yield return ("register: province in another case", Json(HttpMethod.Post, organisations, With("province", "nl-ut")));
        yield return ("register: unknown SBI division", Json(HttpMethod.Post, organisations, With("sbiCode", "0099")));
        yield return ("register: SBI code of letters", Json(HttpMethod.Post, organisations, With("sbiCode", "62a1")));
        yield return ("register: SBI code in Arabic-Indic digits", Json(HttpMethod.Post, organisations, With("sbiCode", "٦٢٠١")));
        yield return ("register: unknown SBI version", Json(HttpMethod.Post, organisations, With("sbiVersion", 2010)));
        yield return ("register: SQL in the KvK number", Json(HttpMethod.Post, organisations, With("kvkNumber", Sql)));
        yield return ("register: SQL in the province", Json(HttpMethod.Post, organisations, With("province", Sql)));
        yield return ("register: a member twice", Raw(HttpMethod.Post, organisations, valid.ToJsonString().Replace("{", "{\"name\":\"Dubbel\",", StringComparison.Ordinal)));
        yield return ("register: NUL in the name", Json(HttpMethod.Post, organisations, With("name", "Bedrijf\u0000BV")));
        yield return ("register: a line feed in the name", Json(HttpMethod.Post, organisations, With("name", "Bedrijf\nBV")));
        yield return ("register: a lone surrogate in the name", Raw(HttpMethod.Post, organisations, valid.ToJsonString().Replace("\"name\":\"", "\"name\":\"\\ud800", StringComparison.Ordinal)));
        yield return ("register: an unknown member", Json(HttpMethod.Post, organisations, With("kvk", "99000002")));
        yield return ("register: a too long Idempotency-Key", WithHeader(Json(HttpMethod.Post, organisations, With("kvkNumber", "99000003")), "Idempotency-Key", new string('k', 300)));

        // The list: limits, forged cursors, unknown codes, SQL.
        foreach (var query in new[]
                 {
                     "limit=-1", "limit=0", "limit=101", "limit=99999999999", "limit=abc", "cursor=abc", "cursor=" + Uri.EscapeDataString(Convert.ToBase64String(Encoding.ASCII.GetBytes("1.x"))),
                     "cursor=" + new string('A', 1000), "sector=Z", "sector=" + Uri.EscapeDataString(Sql), "sbiVersion=2010", "sizeClass=huge", "province=NL-XX",
                     "programme=abc", "q=" + Long, "q=%20%20", "limit=1&limit=2", "q=%00", "q=a%0Ab",
                 })
        {
            yield return ($"list: {query[..Math.Min(query.Length, 40)]}", new HttpRequestMessage(HttpMethod.Get, $"{organisations}?{query}"));
        }

        // A change: malformed, wrong types, unknown members, removals, preconditions.
        var one = $"{organisations}/{member}";
        yield return ("patch: malformed JSON", Patch(one, "{\"name\":", "\"1\""));
        yield return ("patch: an array", Patch(one, "[]", "\"1\""));
        yield return ("patch: name a number", Patch(one, "{\"name\": 5}", "\"1\""));
        yield return ("patch: 10 kB name", Patch(one, new JsonObject { ["name"] = Long }.ToJsonString(), "\"1\""));
        yield return ("patch: employees 1e30", Patch(one, "{\"employees\": 1e30}", "\"1\""));
        yield return ("patch: remove the name", Patch(one, "{\"name\": null}", "\"1\""));
        yield return ("patch: the KvK number", Patch(one, "{\"kvkNumber\": \"12345678\"}", "\"1\""));
        yield return ("patch: SBI code without version", Patch(one, "{\"sbiCode\": \"6201\"}", "\"1\""));
        yield return ("patch: unknown province", Patch(one, "{\"province\": \"Atlantis\"}", "\"1\""));
        yield return ("patch: a member twice", Patch(one, "{\"employees\": 20, \"employees\": 30}", "\"1\""));
        yield return ("patch: NUL in the name", Patch(one, "{\"name\": \"a\\u0000b\"}", "\"1\""));
        yield return ("patch: no If-Match", Patch(one, "{\"employees\": 20}", null));
        yield return ("patch: a stale If-Match", Patch(one, "{\"employees\": 20}", "\"7\""));
        yield return ("patch: a malformed If-Match", Patch(one, "{\"employees\": 20}", "abc"));
        yield return ("get: a malformed id", new HttpRequestMessage(HttpMethod.Get, $"{organisations}/not-an-id"));
        yield return ("get: SQL as id", new HttpRequestMessage(HttpMethod.Get, $"{organisations}/{Uri.EscapeDataString(Sql)}"));
        yield return ("delete: a malformed id", new HttpRequestMessage(HttpMethod.Delete, $"{organisations}/1"));

        // Programmes.
        var programme = new JsonObject { ["name"] = "Programma", ["sbiSections"] = new JsonArray("C") };
        JsonObject Programme(string member, JsonNode? value)
        {
            var copy = programme.DeepClone().AsObject();
            copy[member] = value;
            return copy;
        }

        yield return ("programme: malformed JSON", Raw(HttpMethod.Post, programmes, "{"));
        yield return ("programme: 10 kB name", Json(HttpMethod.Post, programmes, Programme("name", Long)));
        yield return ("programme: sections a string", Json(HttpMethod.Post, programmes, Programme("sbiSections", "C")));
        yield return ("programme: unknown section", Json(HttpMethod.Post, programmes, Programme("sbiSections", new JsonArray("Z"))));
        yield return ("programme: a section twice", Json(HttpMethod.Post, programmes, Programme("sbiSections", new JsonArray("C", "C"))));
        yield return ("programme: no sections", Json(HttpMethod.Post, programmes, Programme("sbiSections", new JsonArray())));
        yield return ("programme: SQL as section", Json(HttpMethod.Post, programmes, Programme("sbiSections", new JsonArray(Sql))));
        yield return ("programme: an http webhook", Json(HttpMethod.Post, programmes, Programme("webhookUrl", "http://example.org/hook")));
        yield return ("programme: a 10 kB description", Json(HttpMethod.Post, programmes, Programme("description", Long)));
        yield return ("programmes: limit 0", new HttpRequestMessage(HttpMethod.Get, $"{programmes}?limit=0"));
        yield return ("programmes: offset -1", new HttpRequestMessage(HttpMethod.Get, $"{programmes}?offset=-1"));
        yield return ("programmes: offset huge", new HttpRequestMessage(HttpMethod.Get, $"{programmes}?offset=99999999999"));
        var a = $"{programmes}/{host.ProgrammeA}";
        yield return ("programme patch: unknown member", Patch(a, "{\"owner\": \"me\"}", "\"1\""));
        yield return ("programme patch: remove the sections", Patch(a, "{\"sbiSections\": null}", "\"1\""));
        yield return ("programme patch: a member twice", Patch(a, "{\"name\": \"x\", \"name\": \"y\"}", "\"1\""));
        yield return ("programme patch: a webhook with a line feed", Patch(a, "{\"webhookUrl\": \"https://example.org/hook\\n\"}", "\"1\""));
        yield return ("programme: a control character in the description", Json(HttpMethod.Post, programmes, Programme("description", "regel\u0001")));
        yield return ("programme patch: sections a number", Patch(a, "{\"sbiSections\": 3}", "\"1\""));
        yield return ("members: limit 1000", new HttpRequestMessage(HttpMethod.Get, $"{a}/members?limit=1000"));
        yield return ("members: a forged cursor", new HttpRequestMessage(HttpMethod.Get, $"{a}/members?cursor=Zm9v"));
        yield return ("member: a malformed organisation id", new HttpRequestMessage(HttpMethod.Put, $"{a}/members/xyz"));
        yield return ("member: an unknown organisation", new HttpRequestMessage(HttpMethod.Put, $"{a}/members/{Guid.NewGuid()}"));
        yield return ("member: an unknown programme", new HttpRequestMessage(HttpMethod.Put, $"{programmes}/{Guid.NewGuid()}/members/{member}"));

        // Code lists.
        foreach (var query in new[] { "sbiVersion=2010", "sbiVersion=abc", "sbiVersion=99999999999" })
        {
            yield return ($"sbi-sections: {query}", new HttpRequestMessage(HttpMethod.Get, $"/organisations/v1/code-lists/sbi-sections?{query}"));
            yield return ($"sbi-divisions: {query}", new HttpRequestMessage(HttpMethod.Get, $"/organisations/v1/code-lists/sbi-divisions?{query}"));
        }

        // Scans and respondents.
        var start = new JsonObject { ["organisationId"] = member, ["instrument"] = "team-psychological-safety", ["period"] = "2026-Q4" };
        JsonObject Start(string key, JsonNode? value)
        {
            var copy = start.DeepClone().AsObject();
            copy[key] = value;
            return copy;
        }

        yield return ("start: malformed id", Json(HttpMethod.Post, "/scans/v1/scans", Start("organisationId", "abc")));
        yield return ("start: instrument with capitals", Json(HttpMethod.Post, "/scans/v1/scans", Start("instrument", "Team Safety")));
        yield return ("start: 10 kB instrument", Json(HttpMethod.Post, "/scans/v1/scans", Start("instrument", Long)));
        yield return ("start: quarter 5", Json(HttpMethod.Post, "/scans/v1/scans", Start("period", "2026-Q5")));
        yield return ("start: version 0", Json(HttpMethod.Post, "/scans/v1/scans", Start("instrumentVersion", 0)));
        yield return ("start: version beyond int", Raw(HttpMethod.Post, "/scans/v1/scans", Start("instrumentVersion", 1).ToJsonString().Replace("\"instrumentVersion\":1", "\"instrumentVersion\":99999999999", StringComparison.Ordinal)));
        yield return ("start: unknown organisation", Json(HttpMethod.Post, "/scans/v1/scans", Start("organisationId", Guid.NewGuid())));
        HttpRequestMessage Respondent(HttpMethod method, string path, JsonNode body, string? respondentToken) =>
            respondentToken is null ? Json(method, path, body) : StandaloneHost.WithRespondentToken(Json(method, path, body), respondentToken);
        HttpRequestMessage Invite(JsonNode? role, JsonNode? count) => Json(HttpMethod.Post, $"/scans/v1/scans/{scan}/invitations", new JsonObject { ["role"] = role, ["count"] = count });
        var questionnaire = $"/scans/v1/scans/{scan}/questionnaire";
        var all = new JsonObject(Enumerable.Range(1, 7).Select(i => KeyValuePair.Create($"ps{i}", (JsonNode?)4)));
        yield return ("invite: a role the instrument does not have", Invite("ceo", 1));
        yield return ("invite: a role with capitals", Invite("Team Member", 1));
        yield return ("invite: a 10 kB role", Invite(Long, 1));
        yield return ("invite: count 0", Invite("team-member", 0));
        yield return ("invite: count 1001", Invite("team-member", 1001));
        yield return ("invite: more than the role's maximum", Invite("team-member", 1000));
        yield return ("invite: count a string", Invite("team-member", "twee"));
        yield return ("invite: an unknown scan", Json(HttpMethod.Post, $"/scans/v1/scans/{Guid.NewGuid()}/invitations", new JsonObject { ["role"] = "team-member", ["count"] = 1 }));
        yield return ("questionnaire: no token", new HttpRequestMessage(HttpMethod.Get, questionnaire));
        yield return ("questionnaire: a malformed token", StandaloneHost.WithRespondentToken(new HttpRequestMessage(HttpMethod.Get, questionnaire), "not-the-token"));
        yield return ("questionnaire: a 10 kB token", StandaloneHost.WithRespondentToken(new HttpRequestMessage(HttpMethod.Get, questionnaire), Long));
        yield return ("questionnaire: a token of no scan", StandaloneHost.WithRespondentToken(new HttpRequestMessage(HttpMethod.Get, questionnaire), new string('A', 43)));
        yield return ("questionnaire: the token on another scan", StandaloneHost.WithRespondentToken(new HttpRequestMessage(HttpMethod.Get, $"/scans/v1/scans/{Guid.NewGuid()}/questionnaire"), token));
        yield return ("save: an answer a string", Respondent(HttpMethod.Put, $"{questionnaire}/answers", new JsonObject { ["answers"] = new JsonObject { ["ps1"] = "vijf" } }, token));
        yield return ("save: an unknown item", Respondent(HttpMethod.Put, $"{questionnaire}/answers", new JsonObject { ["answers"] = new JsonObject { [Sql] = 3 } }, token));
        yield return ("save: 201 answers", Respondent(HttpMethod.Put, $"{questionnaire}/answers", new JsonObject { ["answers"] = new JsonObject(Enumerable.Range(0, 201).Select(i => KeyValuePair.Create($"i{i}", (JsonNode?)1))) }, token));
        yield return ("save: off the scale", Respondent(HttpMethod.Put, $"{questionnaire}/answers", new JsonObject { ["answers"] = new JsonObject { ["ps1"] = 8 } }, token));
        yield return ("save: ratings for a single-rated instrument", Respondent(HttpMethod.Put, $"{questionnaire}/answers", new JsonObject { ["ratings"] = new JsonObject { ["ps1"] = new JsonObject { ["now"] = 3, ["wanted"] = 5 } } }, token));
        yield return ("save: no token", Respondent(HttpMethod.Put, $"{questionnaire}/answers", new JsonObject { ["answers"] = new JsonObject { ["ps1"] = 3 } }, null));
        yield return ("submit: an item left out", Respondent(HttpMethod.Post, $"{questionnaire}/submission", new JsonObject { ["answers"] = new JsonObject { ["ps1"] = 3 } }, token));
        yield return ("submit: a value beyond int", StandaloneHost.WithRespondentToken(Raw(HttpMethod.Post, $"{questionnaire}/submission", new JsonObject { ["answers"] = all.DeepClone() }.ToJsonString().Replace("\"ps1\":4", "\"ps1\":99999999999", StringComparison.Ordinal)), token));
        yield return ("submit: answers and ratings both", Respondent(HttpMethod.Post, $"{questionnaire}/submission", new JsonObject { ["answers"] = all.DeepClone(), ["ratings"] = new JsonObject() }, token));
        yield return ("submit: no body", StandaloneHost.WithRespondentToken(new HttpRequestMessage(HttpMethod.Post, $"{questionnaire}/submission"), token));
        HttpRequestMessage Result(Guid id, string resultToken)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/scans/v1/scans/{id}/result");
            request.Headers.TryAddWithoutValidation("Result-Token", resultToken);
            return request;
        }

        yield return ("result: a malformed result token", Result(scan, "not-a-token"));
        yield return ("result: a 10 kB result token", Result(scan, Long));
        yield return ("result: a result token of no scan", Result(scan, new string('B', 43)));
        yield return ("result: an open scan", new HttpRequestMessage(HttpMethod.Get, $"/scans/v1/scans/{scan}/result"));
        yield return ("result: an unknown scan", new HttpRequestMessage(HttpMethod.Get, $"/scans/v1/scans/{Guid.NewGuid()}/result"));
        yield return ("result: a malformed id", new HttpRequestMessage(HttpMethod.Get, "/scans/v1/scans/abc/result"));
        yield return ("result token: an open scan", new HttpRequestMessage(HttpMethod.Post, $"/scans/v1/scans/{scan}/result-token"));
        yield return ("result token: a malformed id", new HttpRequestMessage(HttpMethod.Post, "/scans/v1/scans/abc/result-token"));
        yield return ("revoke: no role", new HttpRequestMessage(HttpMethod.Delete, $"/scans/v1/scans/{scan}/invitations"));
        yield return ("revoke: a role with capitals", new HttpRequestMessage(HttpMethod.Delete, $"/scans/v1/scans/{scan}/invitations?role=Team"));
        yield return ("revoke: a role the instrument does not have", new HttpRequestMessage(HttpMethod.Delete, $"/scans/v1/scans/{scan}/invitations?role=ceo"));
        yield return ("replay: limit 0", Json(HttpMethod.Post, "/scans/v1/replays", new JsonObject { ["limit"] = 0 }));
        yield return ("replay: limit 5001", Json(HttpMethod.Post, "/scans/v1/replays", new JsonObject { ["limit"] = 5001 }));
        yield return ("replay: a malformed cursor", Json(HttpMethod.Post, "/scans/v1/replays", new JsonObject { ["after"] = "abc" }));
        yield return ("instrument upload: an array", Raw(HttpMethod.Post, "/scans/v1/instruments", "[1,2]"));
        yield return ("instrument upload: no key", Raw(HttpMethod.Post, "/scans/v1/instruments", "{\"version\":1}"));
        yield return ("instrument upload: a published version", Raw(HttpMethod.Post, "/scans/v1/instruments", StandaloneHost.DraftDefinition("team-psychological-safety").Replace("\"version\":1", "\"version\":2", StringComparison.Ordinal)));
        yield return ("instrument upload: status published", Raw(HttpMethod.Post, "/scans/v1/instruments", StandaloneHost.DraftDefinition($"bad-{Guid.NewGuid():N}").Replace("\"status\":\"draft\"", "\"status\":\"published\"", StringComparison.Ordinal)));
        yield return ("instrument upload: a key with capitals", Raw(HttpMethod.Post, "/scans/v1/instruments", StandaloneHost.DraftDefinition("Capitals")));
        yield return ("publication: an unknown version", new HttpRequestMessage(HttpMethod.Post, "/scans/v1/instruments/team-psychological-safety/versions/99/publication"));
        yield return ("publication: version 0", new HttpRequestMessage(HttpMethod.Post, "/scans/v1/instruments/team-psychological-safety/versions/0/publication"));
        yield return ("publication: a key with capitals", new HttpRequestMessage(HttpMethod.Post, "/scans/v1/instruments/Team/versions/1/publication"));
        foreach (var query in new[] { "period=2026&sector=C&sbiVersion=2008", "instrument=team-psychological-safety&period=2026&sector=Z&sbiVersion=2008", "instrument=team-psychological-safety&period=2026&sector=C&sbiVersion=2010", "instrument=team-psychological-safety&period=2026-Q9&sector=C&sbiVersion=2008", "instrument=team-psychological-safety&period=2026&sector=c&sbiVersion=abc" })
        {
            yield return ($"benchmarks: {query}", new HttpRequestMessage(HttpMethod.Get, $"/reporting/v1/benchmarks?{query}"));
        }

        yield return ("start: a team label over two lines", Json(HttpMethod.Post, "/scans/v1/scans", Start("team", "Team\nA")));
        yield return ("start: a 101-character team label", Json(HttpMethod.Post, "/scans/v1/scans", Start("team", new string('t', 101))));
        yield return ("complete: too few respondents", new HttpRequestMessage(HttpMethod.Post, $"/scans/v1/scans/{scan}/completion"));
        yield return ("withdraw: a malformed id", new HttpRequestMessage(HttpMethod.Post, "/scans/v1/scans/not-an-id/withdrawal"));
        yield return ("withdraw: an unknown scan", new HttpRequestMessage(HttpMethod.Post, $"/scans/v1/scans/{Guid.NewGuid()}/withdrawal"));

        // Indicators.
        foreach (var query in new[] { "period=2026", "instrument=team-psychological-safety&period=2026&programme=abc", "instrument=team-psychological-safety&period=2026&groupBy=" + Uri.EscapeDataString(Sql), "instrument=" + Long + "&period=2026" })
        {
            yield return ($"indicators: {query[..Math.Min(query.Length, 60)]}", new HttpRequestMessage(HttpMethod.Get, $"/reporting/v1/indicators?{query}"));
        }

        // Observations and trends: every parameter's bad values.
        const string observations = "/reporting/v1/observations?instrument=team-psychological-safety";
        foreach (var query in new[]
        {
            "&groupBy=sector&sector=Z", "&sector=C", "&groupBy=kvkNumber", "&groupBy=sector,sector", "&startPeriod=2026-Q2&endPeriod=2026-Q1",
            "&startPeriod=2025&endPeriod=2026-Q1", "&startPeriod=2000-Q1&endPeriod=2026-Q1", "&startPeriod=%D9%A2%D9%A0%D9%A2%D9%A6", "&sbiVersion=2015",
            "&format=xml", "&groupBy=sizeClass&sizeClass=tiny", "&groupBy=programme&programme=abc", "&updatedAfter=yesterday",
            "&dimension=" + string.Join(',', Enumerable.Range(0, 300).Select(i => $"d{i}")), "&groupBy=" + Uri.EscapeDataString(Sql),
            "&role=Manager", "&role=" + string.Join(',', Enumerable.Range(0, 21).Select(i => $"r{i}")), "&role=_T,,manager",
        })
        {
            yield return ($"observations: {query[..Math.Min(query.Length, 60)]}", new HttpRequestMessage(HttpMethod.Get, observations + query));
        }

        yield return ("observations: no instrument", new HttpRequestMessage(HttpMethod.Get, "/reporting/v1/observations"));
        yield return ("trends: no dimension", new HttpRequestMessage(HttpMethod.Get, "/reporting/v1/trends?instrument=team-psychological-safety"));
        yield return ("trends: two dimensions", new HttpRequestMessage(HttpMethod.Get, "/reporting/v1/trends?instrument=team-psychological-safety&dimension=a,b"));
        yield return ("trends: two roles", new HttpRequestMessage(HttpMethod.Get, "/reporting/v1/trends?instrument=team-psychological-safety&dimension=a&role=a,b"));
        yield return ("code lists: sbiVersion 2010", new HttpRequestMessage(HttpMethod.Get, "/reporting/v1/code-lists/sector?sbiVersion=2010"));
        yield return ("releases: an array", Raw(HttpMethod.Post, "/reporting/v1/releases", "[1]"));
    }

    private static HttpRequestMessage Raw(HttpMethod method, string path, string body, string mediaType = "application/json") =>
        new(method, path) { Content = new StringContent(body, new MediaTypeHeaderValue(mediaType)) };

    private static HttpRequestMessage Json(HttpMethod method, string path, JsonNode body) => Raw(method, path, body.ToJsonString());

    private static HttpRequestMessage Patch(string path, string body, string? ifMatch)
    {
        var request = Raw(HttpMethod.Patch, path, body, "application/merge-patch+json");
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    private static HttpRequestMessage WithHeader(HttpRequestMessage request, string name, string value)
    {
        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }
}
