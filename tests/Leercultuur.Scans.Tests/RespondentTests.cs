using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Leercultuur.Contracts;
using Leercultuur.Scans.Organisations;
using Leercultuur.Scans.Scanning;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.Scans.Tests;

/// <summary>Single-use tokens per role, the questionnaire, saves and one submission; roles, now-and-wanted ratings and results.</summary>
public sealed class RespondentTests() : SqliteServiceHost<Program>("Scans:Database")
{
    [Fact]
    public async Task A_token_reads_its_role_s_questionnaire_saves_and_changes_answers_and_submits_once()
    {
        var scan = await StartAsync(await RegisterAsync(), "team-psychological-safety");
        var token = (await InviteAsync(scan, "team-member", 1))[0];

        var questionnaire = await ReadAsync(scan, token, "en");
        Assert.Equal(("team-member", "invited", 7, "single"), (questionnaire["role"]!["key"]!.GetValue<string>(), questionnaire["status"]!.GetValue<string>(), questionnaire["items"]!.AsArray().Count, questionnaire["ratingMode"]!.GetValue<string>()));
        Assert.Equal("Psychological safety in the team", questionnaire["title"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, $"/scans/v1/scans/{scan}/questionnaire/answers", token, new { answers = new { ps1 = 2, ps2 = 3 } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, $"/scans/v1/scans/{scan}/questionnaire/answers", token, new { answers = new { ps1 = 5 } })).StatusCode);
        var saved = await ReadAsync(scan, token);
        Assert.Equal(("answering", 5, null), (saved["status"]!.GetValue<string>(), saved["answers"]!["ps1"]!.GetValue<int>(), saved["answers"]!["ps2"]));
        Assert.Equal(0, await RespondentCountAsync(scan));

        var all = ScoringTests.Answers(5, 5, 5, 5, 5, 5, 5);
        var submitted = await SendAsync(HttpMethod.Post, $"/scans/v1/scans/{scan}/questionnaire/submission", token, new { answers = all });
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var day = JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!["submittedOn"]!.GetValue<string>();
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", day);

        // The same answers again: the same answer. Others, or anything else with the token: 409.
        var again = await SendAsync(HttpMethod.Post, $"/scans/v1/scans/{scan}/questionnaire/submission", token, new { answers = all });
        Assert.Equal((HttpStatusCode.OK, day), (again.StatusCode, JsonNode.Parse(await again.Content.ReadAsStringAsync())!["submittedOn"]!.GetValue<string>()));
        await HttpAssert.ProblemAsync(await SendAsync(HttpMethod.Post, $"/scans/v1/scans/{scan}/questionnaire/submission", token, new { answers = ScoringTests.Answers(1, 1, 1, 1, 1, 1, 1) }), HttpStatusCode.Conflict);
        await HttpAssert.ProblemAsync(await SendAsync(HttpMethod.Get, $"/scans/v1/scans/{scan}/questionnaire", token), HttpStatusCode.Conflict);
        await HttpAssert.ProblemAsync(await SendAsync(HttpMethod.Put, $"/scans/v1/scans/{scan}/questionnaire/answers", token, new { answers = new { ps1 = 1 } }), HttpStatusCode.Conflict);
        Assert.Equal(1, await RespondentCountAsync(scan));
        var progress = JsonNode.Parse(await Client.GetStringAsync($"/scans/v1/scans/{scan}/invitations"))!["roles"]![0]!;
        Assert.Equal((1, 0, 1), (progress["issued"]!.GetValue<int>(), progress["answering"]!.GetValue<int>(), progress["submitted"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Another_scan_s_token_an_unknown_token_and_a_closed_scan_are_refused()
    {
        var organisation = await RegisterAsync();
        var scan = await StartAsync(organisation, "team-psychological-safety", team: "A");
        var other = await StartAsync(organisation, "team-psychological-safety", team: "B");
        var otherToken = (await InviteAsync(other, "team-member", 1))[0];
        var token = (await InviteAsync(scan, "team-member", 1))[0];
        var all = ScoringTests.Answers(4, 4, 4, 4, 4, 4, 4);

        await HttpAssert.ProblemAsync(await SendAsync(HttpMethod.Get, $"/scans/v1/scans/{scan}/questionnaire", otherToken), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await SendAsync(HttpMethod.Post, $"/scans/v1/scans/{scan}/questionnaire/submission", otherToken, new { answers = all }), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await SendAsync(HttpMethod.Get, $"/scans/v1/scans/{scan}/questionnaire", RespondentToken.New()), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await SendAsync(HttpMethod.Get, $"/scans/v1/scans/{Guid.NewGuid()}/questionnaire", token), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/scans/v1/scans/{scan}/withdrawal", null)).StatusCode);
        await HttpAssert.ProblemAsync(await SendAsync(HttpMethod.Post, $"/scans/v1/scans/{scan}/questionnaire/submission", token, new { answers = all }), HttpStatusCode.Conflict);
        await HttpAssert.ProblemAsync(await Client.PostAsJsonAsync($"/scans/v1/scans/{scan}/invitations", new { role = "team-member", count = 1 }), HttpStatusCode.Conflict);
        Assert.Equal(0, await RespondentCountAsync(scan));
    }

    [Fact]
    public async Task The_same_token_submitted_many_times_at_once_counts_once()
    {
        var scan = await StartAsync(await RegisterAsync(), "team-psychological-safety");
        var token = (await InviteAsync(scan, "team-member", 1))[0];
        var all = ScoringTests.Answers(3, 4, 5, 6, 7, 1, 2);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendAsync(HttpMethod.Post, $"/scans/v1/scans/{scan}/questionnaire/submission", token, new { answers = all })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(1, await RespondentCountAsync(scan));
    }

    [Fact]
    public async Task Batches_of_tokens_at_once_never_pass_the_role_s_maximum()
    {
        var scan = await StartAsync(await RegisterAsync(), "team-psychological-safety");

        // team-member takes at most 200: of two batches of 150 at once, one is refused whole.
        var batches = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Client.PostAsJsonAsync($"/scans/v1/scans/{scan}/invitations", new { role = "team-member", count = 150 })));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.UnprocessableEntity], batches.Select(b => b.StatusCode).Order());
        var progress = JsonNode.Parse(await Client.GetStringAsync($"/scans/v1/scans/{scan}/invitations"))!["roles"]![0]!;
        Assert.Equal((150, 200), (progress["issued"]!.GetValue<int>(), progress["maxRespondents"]!.GetValue<int>()));
        var created = JsonNode.Parse(await batches.Single(b => b.StatusCode == HttpStatusCode.Created).Content.ReadAsStringAsync())!;
        Assert.Equal(150, created["tokens"]!.AsArray().Select(t => t!.GetValue<string>()).Distinct().Count());
        var refused = await HttpAssert.ProblemAsync(await Client.PostAsJsonAsync($"/scans/v1/scans/{scan}/invitations", new { role = "team-member", count = 51 }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("at most 50 more", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unused_tokens_of_a_role_can_be_revoked_and_issued_again_and_used_ones_stay()
    {
        var scan = await StartAsync(await RegisterAsync(), "learning-culture-quickscan");
        var employer = await InviteAsync(scan, "employer", 5);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, $"/scans/v1/scans/{scan}/questionnaire/answers", employer[0], new { answers = new { fl1 = 4 } })).StatusCode);
        await HttpAssert.ProblemAsync(await Client.PostAsJsonAsync($"/scans/v1/scans/{scan}/invitations", new { role = "employer", count = 1 }), HttpStatusCode.UnprocessableEntity);

        var revoked = await Client.DeleteAsync($"/scans/v1/scans/{scan}/invitations?role=employer");

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var employerProgress = JsonNode.Parse(await revoked.Content.ReadAsStringAsync())!["roles"]!.AsArray().Single(r => r!["role"]!.GetValue<string>() == "employer")!;
        Assert.Equal((1, 1), (employerProgress["issued"]!.GetValue<int>(), employerProgress["answering"]!.GetValue<int>()));
        await HttpAssert.ProblemAsync(await SendAsync(HttpMethod.Get, $"/scans/v1/scans/{scan}/questionnaire", employer[1]), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/scans/v1/scans/{scan}/questionnaire", employer[0])).StatusCode);
        Assert.Equal(4, (await InviteAsync(scan, "employer", 4)).Count);
        await HttpAssert.ProblemAsync(await Client.DeleteAsync($"/scans/v1/scans/{scan}/invitations?role=ceo"), HttpStatusCode.UnprocessableEntity);
        await HttpAssert.ProblemAsync(await Client.DeleteAsync($"/scans/v1/scans/{scan}/invitations"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_new_result_token_replaces_the_old_one_for_a_completed_scan_only()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var organisation = await RegisterAsync([a]);
        var done = await TeamScanAsync(organisation, "Team A", safety: 5, pressure: 5);
        var open = await StartAsync(organisation, "learning-zone", team: "Team B");
        var programme = ClientAs(ServiceDefaults.Security.Roles.Programme, a);

        var renewed = await programme.PostAsync($"/scans/v1/scans/{done.Scan}/result-token", null);

        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        var token = JsonNode.Parse(await renewed.Content.ReadAsStringAsync())!["resultToken"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await ResultResponseAsync(done.Scan, token)).StatusCode);
        await HttpAssert.ProblemAsync(await ResultResponseAsync(done.Scan, done.ResultToken), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await programme.PostAsync($"/scans/v1/scans/{open}/result-token", null), HttpStatusCode.Conflict);
        await HttpAssert.ProblemAsync(await ClientAs(ServiceDefaults.Security.Roles.Programme, b).PostAsync($"/scans/v1/scans/{done.Scan}/result-token", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_replay_publishes_completed_scans_again_exactly_as_they_were_a_page_at_a_time()
    {
        var organisation = await RegisterAsync();
        var first = await TeamScanAsync(organisation, "Team A", safety: 5, pressure: 5);
        var second = await TeamScanAsync(organisation, "Team B", safety: 3, pressure: 6);
        var withdrawn = await TeamScanAsync(organisation, "Team C", safety: 6, pressure: 2);
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/scans/v1/scans/{withdrawn.Scan}/withdrawal", null)).StatusCode);
        await HttpAssert.ProblemAsync(await ClientAs(ServiceDefaults.Security.Roles.Programme, Guid.NewGuid()).PostAsJsonAsync("/scans/v1/replays", new { }), HttpStatusCode.Forbidden);

        var pages = new List<JsonNode>();
        Guid? after = null;
        do
        {
            var page = await Client.PostAsJsonAsync("/scans/v1/replays", new { after, limit = 1 });
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            pages.Add(JsonNode.Parse(await page.Content.ReadAsStringAsync())!);
            after = pages[^1]["next"]?.GetValue<Guid>();
        }
        while (after is not null);

        // Two completed scans, one per page, then an empty last page; the withdrawn one is not replayed.
        Assert.Equal([1, 1, 0], pages.Select(p => p["published"]!.GetValue<int>()));
        await using var connection = await Factory.Services.GetRequiredService<Leercultuur.Data.Database<ScansModule>>().OpenAsync();
        var bodies = (await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT body FROM outbox_messages WHERE message_type = 'urn:message:Leercultuur.Contracts:ScanCompletedV2'"))
            .Select(b => JsonNode.Parse(b)!)
            .ToList();
        Assert.Equal(5, bodies.Count);
        foreach (var scan in new[] { first.Scan, second.Scan })
        {
            var copies = bodies.Where(b => b["scanId"]!.GetValue<Guid>() == scan).Select(b => b.ToJsonString()).ToList();
            Assert.Equal(2, copies.Count);
            Assert.Equal(copies[0], copies[1]);
        }
    }

    [Fact]
    public async Task The_quickscan_needs_each_role_s_minimum_and_scores_employer_and_employees_side_by_side()
    {
        var completed = await BusProbe.ListenAsync<ScanCompletedV2>(Factory.Services, "test-quickscan-v2");
        var scan = await StartAsync(await RegisterAsync(), "learning-culture-quickscan");
        var instrument = JsonNode.Parse(await Client.GetStringAsync("/scans/v1/instruments/learning-culture-quickscan/versions/1"))!;
        var items = instrument["roles"]![0]!["items"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        foreach (var (token, value) in (await InviteAsync(scan, "employee", 3)).Zip([2, 3, 4]))
        {
            await SubmitAsync(scan, token, new { answers = items.ToDictionary(i => i, i => i == "sm1" || i == "wv2" ? 6 - value : value) });
        }

        var missing = await HttpAssert.ProblemAsync(await Client.PostAsync($"/scans/v1/scans/{scan}/completion", null), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("employer: 0 of at least 1, 1 missing", missing["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        await SubmitAsync(scan, (await InviteAsync(scan, "employer", 1))[0], new { answers = items.ToDictionary(i => i, i => i == "sm1" || i == "wv2" ? 1 : 5) });
        var completion = JsonNode.Parse(await (await Client.PostAsync($"/scans/v1/scans/{scan}/completion", null)).Content.ReadAsStringAsync())!;
        var result = await ResultAsync(scan, completion["resultToken"]!.GetValue<string>());

        var formal = result["dimensions"]!.AsArray().Single(d => d!["dimension"]!.GetValue<string>() == "formal-learning")!;
        var roles = formal["roles"]!.AsArray().ToDictionary(r => r!["role"]!.GetValue<string>(), r => r!);
        Assert.Equal((5.0, 3.0), (roles["employer"]["mean"]!.GetValue<double>(), roles["employee"]["mean"]!.GetValue<double>()));
        Assert.Equal(3.5, formal["mean"]!.GetValue<double>(), 6);
        Assert.Equal((2.5, 3.0, 3.5), (roles["employee"]["spread"]!["p25"]!.GetValue<double>(), roles["employee"]["spread"]!["median"]!.GetValue<double>(), roles["employee"]["spread"]!["p75"]!.GetValue<double>()));
        Assert.NotNull(roles["employer"]["spread"]);
        var message = await completed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The one employer's scores are that person's answers: in the organisation's result, never in the event.
        Assert.Equal(["employee"], message.Roles.Select(r => r.Role));
        Assert.Equal((4, true), (message.RespondentCount, message.Benchmark));

        // Version 1 continues no earlier version: nothing to combine it with.
        Assert.Null(message.ComparableTo);
    }

    [Fact]
    public async Task The_action_scan_takes_now_and_wanted_ranks_the_gaps_and_is_never_compared_or_published_as_version_1()
    {
        var completed = await BusProbe.ListenAsync<ScanCompletedV2>(Factory.Services, "test-action-v2");
        var scan = await StartAsync(await RegisterAsync(), "llo-action-scan");
        var tokens = await InviteAsync(scan, "participant", 3);

        // A single answer where ratings belong is refused; then digital tools now 1, wanted 5 (gap 4), the rest now 3, wanted 4 (gap 1).
        await HttpAssert.ProblemAsync(await SendAsync(HttpMethod.Post, $"/scans/v1/scans/{scan}/questionnaire/submission", tokens[0], new { answers = new { dt1 = 3 } }), HttpStatusCode.BadRequest);
        foreach (var token in tokens)
        {
            var ratings = new[] { "dt1", "dt2", "sg1", "sg2", "ge1", "ge2" }.ToDictionary(i => i, i => i.StartsWith("dt", StringComparison.Ordinal) ? new { now = 1, wanted = 5 } : new { now = 3, wanted = 4 });
            await SubmitAsync(scan, token, new { ratings });
        }

        var completion = JsonNode.Parse(await (await Client.PostAsync($"/scans/v1/scans/{scan}/completion", null)).Content.ReadAsStringAsync())!;
        var result = await ResultAsync(scan, completion["resultToken"]!.GetValue<string>());

        var gaps = result["gaps"]!.AsArray();
        Assert.Equal(("digital-tools", 1, 4.0), (gaps[0]!["dimension"]!.GetValue<string>(), gaps[0]!["rank"]!.GetValue<int>(), gaps[0]!["gap"]!.GetValue<double>()));
        Assert.Equal([1.0, 1.0], gaps.Skip(1).Select(g => g!["gap"]!.GetValue<double>()));
        Assert.Equal("notApplicable", result["benchmark"]!["status"]!.GetValue<string>());
        var message = await completed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((false, 4.0), (message.Benchmark, message.Scores.Single(s => s.Dimension == "digital-tools").Gap));
        await using var connection = await Factory.Services.GetRequiredService<Leercultuur.Data.Database<ScansModule>>().OpenAsync();
        Assert.Equal(0, await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "SELECT COUNT(*) FROM outbox_messages WHERE message_type = 'urn:message:Leercultuur.Contracts:ScanCompleted'"));
    }

    [Fact]
    public async Task Team_scans_of_the_learning_zone_show_their_zone_and_the_organisation_s_teams_side_by_side()
    {
        var organisation = await RegisterAsync();
        var learning = await TeamScanAsync(organisation, "Team A", safety: 6, pressure: 6);
        var comfort = await TeamScanAsync(organisation, "Team B", safety: 6, pressure: 2);

        // One open scan per team and period: a second for team C (" Team C " is the same label) is a conflict naming the first.
        var open = await StartAsync(organisation, "learning-zone", team: "Team C");
        var twice = await HttpAssert.ProblemAsync(await Client.PostAsJsonAsync("/scans/v1/scans", new { organisationId = organisation, instrument = "learning-zone", period = "2026-Q2", team = " Team C " }), HttpStatusCode.Conflict);
        Assert.Equal($"/scans/v1/scans/{open}", twice["existing"]!.GetValue<string>());
        await HttpAssert.ProblemAsync(await Client.PostAsJsonAsync("/scans/v1/scans", new { organisationId = organisation, instrument = "learning-culture-quickscan", period = "2026-Q2", team = "Team C" }), HttpStatusCode.UnprocessableEntity);

        var result = await ResultAsync(comfort.Scan, comfort.ResultToken, "en");
        var zone = result["classifications"]!.AsArray().Single()!;
        Assert.Equal(("comfort-zone", "Comfort zone"), (zone["zone"]!.GetValue<string>(), zone["zoneLabel"]!.GetValue<string>()));
        Assert.Equal(["Team A", "Team B"], result["teams"]!.AsArray().Select(t => t!["team"]!.GetValue<string>()));
        Assert.Equal("learning-zone", (await ResultAsync(learning.Scan, learning.ResultToken))["classifications"]![0]!["zone"]!.GetValue<string>());
        Assert.Equal("unavailable", result["benchmark"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_result_is_for_its_token_its_programme_and_admins_as_JSON_or_printable_HTML()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var organisation = await RegisterAsync([a]);
        var done = await TeamScanAsync(organisation, "Team A", safety: 2, pressure: 6);
        var open = await StartAsync(organisation, "learning-zone", team: "Team B");
        var path = $"/scans/v1/scans/{done.Scan}/result";

        Assert.Equal(HttpStatusCode.OK, (await ClientAs(ServiceDefaults.Security.Roles.Programme, a).GetAsync(path)).StatusCode);
        await HttpAssert.ProblemAsync(await ClientAs(ServiceDefaults.Security.Roles.Programme, b).GetAsync(path), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await ClientAs(ServiceDefaults.Security.Roles.Analyst).GetAsync(path), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await ClientAs(null).GetAsync(path), HttpStatusCode.Unauthorized);
        await HttpAssert.ProblemAsync(await ResultResponseAsync(done.Scan, RespondentToken.New()), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await ResultResponseAsync(open, done.ResultToken), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await Client.GetAsync($"/scans/v1/scans/{open}/result"), HttpStatusCode.Conflict);

        var html = await ResultResponseAsync(done.Scan, done.ResultToken, accept: "text/html");
        Assert.True(html.StatusCode == HttpStatusCode.OK, await html.Content.ReadAsStringAsync());
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("Hyperzone", page, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"nl\">", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.True(html.Headers.CacheControl is { Private: true, NoStore: true });
    }

    private async Task<(Guid Scan, string ResultToken)> TeamScanAsync(Guid organisation, string team, int safety, int pressure)
    {
        var scan = await StartAsync(organisation, "learning-zone", team: team);
        foreach (var token in await InviteAsync(scan, "team-member", 3))
        {
            await SubmitAsync(scan, token, new { answers = new Dictionary<string, int> { ["lz-ps1"] = safety, ["lz-ps2"] = 8 - safety, ["lz-ps3"] = safety, ["lz-wp1"] = pressure, ["lz-wp2"] = pressure, ["lz-wp3"] = 8 - pressure } });
        }

        var completion = await Client.PostAsync($"/scans/v1/scans/{scan}/completion", null);
        Assert.Equal(HttpStatusCode.OK, completion.StatusCode);
        return (scan, JsonNode.Parse(await completion.Content.ReadAsStringAsync())!["resultToken"]!.GetValue<string>());
    }

    private async Task<JsonNode> ResultAsync(Guid scan, string resultToken, string language = "nl")
    {
        var response = await ResultResponseAsync(scan, resultToken, language);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private Task<HttpResponseMessage> ResultResponseAsync(Guid scan, string resultToken, string language = "nl", string accept = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/scans/v1/scans/{scan}/result");
        request.Headers.Add("Result-Token", resultToken);
        request.Headers.Add("Accept-Language", language);
        request.Headers.Accept.ParseAdd(accept);
        return ClientAs(null).SendAsync(request);
    }

    private async Task<Guid> RegisterAsync(IReadOnlyList<Guid>? programmes = null)
    {
        var organisation = Guid.NewGuid();
        await Factory.Services.GetRequiredService<IBus>().Publish(TestEvents.OrganisationRegistered(organisation) with { ProgrammeIds = programmes ?? [] });
        var replica = Factory.Services.GetRequiredService<OrganisationReplica>();
        await Eventually.Until(() => replica.FindAsync(organisation, CancellationToken.None), row => row is not null, what: "the replica");
        return organisation;
    }

    private async Task<Guid> StartAsync(Guid organisation, string instrument, string? team = null)
    {
        var response = await Client.PostAsJsonAsync("/scans/v1/scans", new { organisationId = organisation, instrument, period = "2026-Q2", team });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
    }

    private async Task<IReadOnlyList<string>> InviteAsync(Guid scan, string role, int count)
    {
        var response = await Client.PostAsJsonAsync($"/scans/v1/scans/{scan}/invitations", new { role, count });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["tokens"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
    }

    private async Task SubmitAsync(Guid scan, string token, object body) =>
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/scans/v1/scans/{scan}/questionnaire/submission", token, body)).StatusCode);

    private async Task<JsonNode> ReadAsync(Guid scan, string token, string language = "nl")
    {
        var response = await SendAsync(HttpMethod.Get, $"/scans/v1/scans/{scan}/questionnaire", token, language: language);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null, string language = "nl")
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Respondent-Token", token);
        request.Headers.Add("Accept-Language", language);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        // Respondents have no account.
        return ClientAs(null).SendAsync(request);
    }

    private async Task<int> RespondentCountAsync(Guid scan) =>
        JsonNode.Parse(await Client.GetStringAsync($"/scans/v1/scans/{scan}"))!["respondentCount"]!.GetValue<int>();
}
