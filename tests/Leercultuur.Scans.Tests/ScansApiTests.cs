using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Scans.Organisations;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.Scans.Tests;

/// <summary>The scan API through a real host on a real SQLite file, with the in-memory bus.</summary>
public sealed class ScansApiTests() : SqliteServiceHost<Program>("Scans:Database")
{
    [Fact]
    public async Task Instruments_are_listed_with_version_items_and_dimensions_in_the_language_asked_for()
    {
        var instruments = JsonNode.Parse(await Client.GetStringAsync("/scans/v1/instruments"))!.AsArray();

        var versions = instruments.Where(i => i!["key"]!.GetValue<string>() == "team-psychological-safety").ToList();
        Assert.Equal([1, 2], versions.Select(v => v!["version"]!.GetValue<int>()));
        var safety = versions[1]!;
        Assert.Equal(7, safety["items"]!.AsArray().Count);
        Assert.Equal(3, safety["minRespondents"]!.GetValue<int>());
        Assert.Equal(("nl", "Psychologische veiligheid in het team"), (safety["language"]!.GetValue<string>(), safety["name"]!.GetValue<string>()));
        Assert.Equal(1, safety["comparableTo"]!["version"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/scans/v1/instruments/team-psychological-safety/versions/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/scans/v1/instruments/team-psychological-safety/versions/9")).StatusCode);

        // English when preferred (a region counts), Dutch where a version has no English, Dutch for other languages.
        var english = await GetAsync("/scans/v1/instruments/team-psychological-safety/versions/2", "de;q=0.9, en-GB;q=0.8, nl;q=0.5");
        Assert.Equal("en", english.Content.Headers.ContentLanguage.Single());
        Assert.Contains("Accept-Language", english.Headers.Vary);
        var englishBody = JsonNode.Parse(await english.Content.ReadAsStringAsync())!;
        Assert.Equal(("en", "Psychological safety in the team", "Strongly agree"), (englishBody["language"]!.GetValue<string>(), englishBody["name"]!.GetValue<string>(), englishBody["scale"]!["labels"]![6]!["label"]!.GetValue<string>()));
        Assert.Equal("\"2-en\"", english.Headers.ETag!.Tag);
        var v1InEnglish = JsonNode.Parse(await (await GetAsync("/scans/v1/instruments/team-psychological-safety/versions/1", "en")).Content.ReadAsStringAsync())!;
        Assert.Equal("Psychologische veiligheid in het team", v1InEnglish["name"]!.GetValue<string>());
        var german = await GetAsync("/scans/v1/instruments/team-psychological-safety/versions/2", "de");
        Assert.Equal("nl", german.Content.Headers.ContentLanguage.Single());

        // Every shipped instrument is published.
        Assert.Equal(
            ["learning-culture-quickscan", "learning-zone", "llo-action-scan", "team-psychological-safety"],
            instruments.Select(i => i!["key"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        return await Client.SendAsync(request);
    }

    [Fact]
    public async Task The_organisation_replica_is_filled_from_OrganisationRegistered_once_per_message()
    {
        var bus = Factory.Services.GetRequiredService<IBus>();
        var consumed = ConsumedCounter.Attach(bus);
        var messageId = NewId.NextGuid();
        var message = TestEvents.OrganisationRegistered(section: "C", sizeClass: "medium");

        await bus.Publish(message, context => context.MessageId = messageId);
        await bus.Publish(message, context => context.MessageId = messageId);
        await Eventually.Until(() => Task.FromResult(consumed.Consumed), n => n == 2, what: "both deliveries");

        var row = await Factory.Services.GetRequiredService<OrganisationReplica>().FindAsync(message.OrganisationId, CancellationToken.None);
        Assert.Equal(("C", "medium", 1L), (row!.SbiSection, row.SizeClass, row.Version));
        await using var connection = await new Database(DatabaseOptions).OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM inbox_messages WHERE message_id = @messageId AND consumer = @consumer",
            new { messageId, consumer = OrganisationEventsConsumer.InboxName }));
    }

    [Fact]
    public async Task An_older_organisation_event_arriving_after_a_newer_one_does_not_overwrite_it()
    {
        var bus = Factory.Services.GetRequiredService<IBus>();
        var consumed = ConsumedCounter.Attach(bus);
        var organisationId = Guid.NewGuid();
        var newer = TestEvents.OrganisationRegistered(organisationId, section: "F", sizeClass: "small") with { Version = 2 };
        var older = TestEvents.OrganisationRegistered(organisationId, section: "C", sizeClass: "micro") with { Version = 1 };

        await bus.Publish(newer);
        await Eventually.Until(() => Task.FromResult(consumed.Consumed), n => n == 1, what: "the newer event");
        await bus.Publish(older);
        await Eventually.Until(() => Task.FromResult(consumed.Consumed), n => n == 2, what: "the older event");

        var row = await Factory.Services.GetRequiredService<OrganisationReplica>().FindAsync(organisationId, CancellationToken.None);
        Assert.Equal(("F", "small", 2L), (row!.SbiSection, row.SizeClass, row.Version));
    }

    [Fact]
    public async Task Profile_and_membership_changes_reach_the_replica_and_a_scan_completed_afterwards_carries_them()
    {
        var bus = Factory.Services.GetRequiredService<IBus>();
        var completedEvents = await BusProbe.ListenAsync<ScanCompleted>(Factory.Services, "test-scan-completed-after-change");
        var organisationId = await RegisterOrganisationAsync();
        var programme = Guid.NewGuid();
        await bus.Publish(new OrganisationProfileChanged
        {
            OrganisationId = organisationId,
            Sector = new SectorClassification { SbiVersion = 2025, SbiCode = "41000", Section = "F" },
            SizeClass = "small",
            Province = "NL-UT",
            ProgrammeIds = [],
            Version = 2,
        });
        await bus.Publish(new ProgrammeMembershipChanged
        {
            OrganisationId = organisationId,
            Sector = new SectorClassification { SbiVersion = 2025, SbiCode = "41000", Section = "F" },
            SizeClass = "small",
            Province = "NL-UT",
            ProgrammeIds = [programme],
            Version = 3,
        });
        var replica = Factory.Services.GetRequiredService<OrganisationReplica>();
        await Eventually.Until(() => replica.FindAsync(organisationId, CancellationToken.None), row => row?.Version == 3, what: "both changes in the replica");

        var (scanId, token) = await StartAsync(organisationId, "2026");
        for (var i = 0; i < 3; i++)
        {
            await RespondAsync(scanId, token, ScoringTests.Answers(4, 4, 4, 4, 4, 4, 4));
        }

        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/scans/v1/scans/{scanId}/completion", null)).StatusCode);
        var completed = await completedEvents.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(("F", 2025, "small", "NL-UT"), (completed.Sector.Section, completed.Sector.SbiVersion, completed.SizeClass, completed.Province));
        Assert.Equal([programme], completed.ProgrammeIds);
    }

    [Fact]
    public async Task Erasure_removes_the_copy_the_scans_and_their_answers_and_a_later_event_does_not_bring_it_back()
    {
        var bus = Factory.Services.GetRequiredService<IBus>();
        var consumed = ConsumedCounter.Attach(bus);
        var organisationId = await RegisterOrganisationAsync();
        var (scanId, token) = await StartAsync(organisationId, "2026");
        await RespondAsync(scanId, token, ScoringTests.Answers(4, 4, 4, 4, 4, 4, 4));
        var before = consumed.Consumed;

        await bus.Publish(new OrganisationErased { OrganisationId = organisationId, ErasedAt = DateTimeOffset.UtcNow });
        await bus.Publish(TestEvents.OrganisationRegistered(organisationId) with { Version = 9 });
        await Eventually.Until(() => Task.FromResult(consumed.Consumed), n => n == before + 2, what: "the erasure and the late event");

        Assert.Null(await Factory.Services.GetRequiredService<OrganisationReplica>().FindAsync(organisationId, CancellationToken.None));
        await HttpAssert.ProblemAsync(await Client.GetAsync($"/scans/v1/scans/{scanId}"), HttpStatusCode.NotFound);
        await using var connection = await new Database(DatabaseOptions).OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM respondents"));
        await HttpAssert.ProblemAsync(await Client.PostAsJsonAsync("/scans/v1/scans", new { organisationId, instrument = "team-psychological-safety", period = "2026" }), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_programme_manages_only_scans_of_its_own_members_and_another_s_are_not_found()
    {
        var bus = Factory.Services.GetRequiredService<IBus>();
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var ofA = Guid.NewGuid();
        await bus.Publish(TestEvents.OrganisationRegistered(ofA) with { ProgrammeIds = [a] });
        var replica = Factory.Services.GetRequiredService<OrganisationReplica>();
        await Eventually.Until(() => replica.FindAsync(ofA, CancellationToken.None), row => row is not null, what: "the replica");
        var programmeA = ClientAs(ServiceDefaults.Security.Roles.Programme, a);
        var programmeB = ClientAs(ServiceDefaults.Security.Roles.Programme, b);

        await HttpAssert.ProblemAsync(await programmeB.PostAsJsonAsync("/scans/v1/scans", new { organisationId = ofA, instrument = "team-psychological-safety", period = "2026" }), HttpStatusCode.UnprocessableEntity);
        var started = await programmeA.PostAsJsonAsync("/scans/v1/scans", new { organisationId = ofA, instrument = "team-psychological-safety", period = "2026" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var scanId = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();

        Assert.Equal(HttpStatusCode.OK, (await programmeA.GetAsync($"/scans/v1/scans/{scanId}")).StatusCode);
        await HttpAssert.ProblemAsync(await programmeB.GetAsync($"/scans/v1/scans/{scanId}"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await programmeB.PostAsync($"/scans/v1/scans/{scanId}/completion", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_withdrawn_scan_publishes_ScanWithdrawn_once_takes_no_answers_and_cannot_be_completed()
    {
        var withdrawals = await BusProbe.ListenAsync<ScanWithdrawn>(Factory.Services, "test-scan-withdrawn");
        var organisationId = await RegisterOrganisationAsync();
        var (scanId, token) = await StartAsync(organisationId, "2026-Q3");
        foreach (var value in new[] { 2, 4, 6 })
        {
            await RespondAsync(scanId, token, ScoringTests.Answers(value, value, value, value, value, value, value));
        }

        var completed = JsonNode.Parse(await (await Client.PostAsync($"/scans/v1/scans/{scanId}/completion", null)).Content.ReadAsStringAsync())!;
        var withdrawn = await Client.PostAsync($"/scans/v1/scans/{scanId}/withdrawal", null);

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("withdrawn", JsonNode.Parse(await withdrawn.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        var message = await withdrawals.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((scanId, organisationId, "2026-Q3", completed["completedAt"]!.GetValue<DateTimeOffset>()), (message.ScanId, message.OrganisationId, message.Period, message.CompletedAt));

        // Again: the same answer, and nothing more published.
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/scans/v1/scans/{scanId}/withdrawal", null)).StatusCode);
        await HttpAssert.ProblemAsync(await Client.PostAsync($"/scans/v1/scans/{scanId}/completion", null), HttpStatusCode.Conflict);
        await HttpAssert.ProblemAsync(await PostResponse(scanId, token, ScoringTests.Answers(4, 4, 4, 4, 4, 4, 4)), HttpStatusCode.Conflict);
        await using var connection = await Factory.Services.GetRequiredService<Leercultuur.Data.Database<ScansModule>>().OpenAsync();
        Assert.Equal(1, await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "SELECT COUNT(*) FROM outbox_messages WHERE message_type LIKE '%ScanWithdrawn%'"));

        // An open scan withdrawn publishes nothing: it never counted.
        var (open, _) = await StartAsync(organisationId, "2026-Q4");
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/scans/v1/scans/{open}/withdrawal", null)).StatusCode);
        Assert.Equal(1, await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "SELECT COUNT(*) FROM outbox_messages WHERE message_type LIKE '%ScanWithdrawn%'"));
    }

    [Fact]
    public async Task A_full_scan_is_started_answered_completed_and_scored_and_publishes_ScanCompleted()
    {
        var completedEvents = await BusProbe.ListenAsync<ScanCompleted>(Factory.Services, "test-scan-completed");
        var organisationId = await RegisterOrganisationAsync();
        var (scanId, token) = await StartAsync(organisationId, "2026-Q4");

        // Means per respondent after reversing items 1, 3 and 5: 7, 31/7 and 4.
        await RespondAsync(scanId, token, ScoringTests.Answers(1, 7, 1, 7, 1, 7, 7));
        await RespondAsync(scanId, token, ScoringTests.Answers(7, 7, 7, 7, 7, 7, 7));
        await RespondAsync(scanId, token, ScoringTests.Answers(4, 4, 4, 4, 4, 4, 4));
        var completion = await Client.PostAsync($"/scans/v1/scans/{scanId}/completion", null);

        Assert.Equal(HttpStatusCode.OK, completion.StatusCode);
        var scan = JsonNode.Parse(await completion.Content.ReadAsStringAsync())!;
        var expectedMean = (7 + (31.0 / 7) + 4) / 3;
        Assert.Equal("completed", scan["status"]!.GetValue<string>());
        Assert.Equal(3, scan["respondentCount"]!.GetValue<int>());
        Assert.Equal(expectedMean, scan["scores"]![0]!["mean"]!.GetValue<double>(), 3);
        Assert.Equal(43, scan["resultToken"]!.GetValue<string>().Length);

        var message = await completedEvents.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(scanId, message.ScanId);
        Assert.Equal(organisationId, message.OrganisationId);
        Assert.Equal("C", message.Sector.Section);
        Assert.Equal("medium", message.SizeClass);
        Assert.Equal("NL-GE", message.Province);
        Assert.Equal("team-psychological-safety", message.InstrumentKey);
        Assert.Equal(2, message.InstrumentVersion);
        Assert.Equal("2026-Q4", message.Period);
        Assert.Equal(3, message.RespondentCount);
        Assert.Equal(expectedMean, Assert.Single(message.Scores).Mean, 10);
    }

    [Fact]
    public async Task Starting_a_scan_for_an_unknown_organisation_or_instrument_is_422_and_stores_nothing()
    {
        var organisationId = await RegisterOrganisationAsync();

        await HttpAssert.ProblemAsync(await Client.PostAsJsonAsync("/scans/v1/scans", new { organisationId = Guid.NewGuid(), instrument = "team-psychological-safety", period = "2026" }), HttpStatusCode.UnprocessableEntity);
        await HttpAssert.ProblemAsync(await Client.PostAsJsonAsync("/scans/v1/scans", new { organisationId, instrument = "no-such-scan", period = "2026" }), HttpStatusCode.UnprocessableEntity);
        await HttpAssert.ProblemAsync(await Client.PostAsJsonAsync("/scans/v1/scans", new { organisationId, instrument = "team-psychological-safety", instrumentVersion = 7, period = "2026" }), HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData("""{"instrument":"team-psychological-safety","period":"2026"}""", "organisationId")]
    [InlineData("""{"organisationId":"00000000-0000-0000-0000-000000000000","instrument":"team-psychological-safety","period":"2026"}""", "organisationId")]
    [InlineData("""{"organisationId":"5f0c7a8e-0000-4000-8000-000000000001","period":"2026"}""", "instrument")]
    [InlineData("""{"organisationId":"5f0c7a8e-0000-4000-8000-000000000001","instrument":"team-psychological-safety","period":"2026-Q5"}""", "period")]
    [InlineData("""{"organisationId":"5f0c7a8e-0000-4000-8000-000000000001","instrument":"team-psychological-safety"}""", "period")]
    [InlineData("""{"organisationId":"5f0c7a8e-0000-4000-8000-000000000001","instrument":"team-psychological-safety","instrumentVersion":0,"period":"2026"}""", "instrumentVersion")]
    [InlineData("""{"organisationId":"5f0c7a8e-0000-4000-8000-000000000001","instrument":"team-psychological-safety","period":"٢٠٢٦"}""", "period")]
    [InlineData("""{"organisationId":"5f0c7a8e-0000-4000-8000-000000000001","instrument":"team-psychological-safety","period":"２０２６-Q1"}""", "period")]
    [InlineData("""{"organisationId":"5f0c7a8e-0000-4000-8000-000000000001","instrument":"team-psychological-safety","period":"2026\n"}""", "period")]
    public async Task Invalid_scan_requests_get_400_naming_the_field(string json, string field)
    {
        var response = await Client.PostAsync("/scans/v1/scans", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task A_missing_body_is_400_in_the_API_s_own_words(string body)
    {
        var response = await Client.PostAsync("/scans/v1/scans", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("A JSON request body is required.", problem["detail"]?.GetValue<string>() ?? problem["errors"]!["body"]![0]!.GetValue<string>());
        Assert.DoesNotContain("Implicit body", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_organisation_id_is_400() =>
        await HttpAssert.ProblemAsync(
            await Client.PostAsync("/scans/v1/scans", new StringContent("""{"organisationId":"not-a-guid","instrument":"x","period":"2026"}""", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);

    [Fact]
    public async Task Responses_with_a_wrong_token_missing_or_out_of_range_answers_are_refused_and_not_counted()
    {
        var organisationId = await RegisterOrganisationAsync();
        var (scanId, token) = await StartAsync(organisationId, "2026");
        var complete = ScoringTests.Answers(4, 4, 4, 4, 4, 4, 4);
        var missing = ScoringTests.Answers(4, 4, 4, 4, 4, 4);
        var outOfRange = ScoringTests.Answers(4, 4, 4, 4, 4, 4, 8);
        var unknownItem = new Dictionary<string, int>(complete) { ["ps8"] = 3 };

        await HttpAssert.ProblemAsync(await PostResponse(scanId, Leercultuur.Scans.Scanning.RespondentToken.New(), complete), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await PostResponse(scanId, "wrong-token", complete), HttpStatusCode.BadRequest);
        var missingProblem = await HttpAssert.ProblemAsync(await PostResponse(scanId, token, missing), HttpStatusCode.BadRequest);
        Assert.NotNull(missingProblem["errors"]!["answers.ps7"]);
        await HttpAssert.ProblemAsync(await PostResponse(scanId, token, outOfRange), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await PostResponse(scanId, token, unknownItem), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await PostResponse(scanId, token, []), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await PostResponse(Guid.NewGuid(), token, complete), HttpStatusCode.NotFound);
        using var text = new HttpRequestMessage(HttpMethod.Post, $"/scans/v1/scans/{scanId}/questionnaire/submission") { Content = new StringContent("""{"answers":{"ps1":"vier"}}""", Encoding.UTF8, "application/json") };
        text.Headers.Add("Respondent-Token", token);
        await HttpAssert.ProblemAsync(await Client.SendAsync(text), HttpStatusCode.BadRequest);

        var scan = JsonNode.Parse(await Client.GetStringAsync($"/scans/v1/scans/{scanId}"))!;
        Assert.Equal(0, scan["respondentCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Completing_without_responses_or_with_too_few_is_422_and_twice_is_a_conflict()
    {
        var completedEvents = await BusProbe.ListenAsync<ScanCompleted>(Factory.Services, "test-scan-completed-conflicts");
        var organisationId = await RegisterOrganisationAsync();
        var (scanId, token) = await StartAsync(organisationId, "2026-Q1");
        var answers = ScoringTests.Answers(3, 3, 3, 3, 3, 3, 3);

        await HttpAssert.ProblemAsync(await Client.PostAsync($"/scans/v1/scans/{scanId}/completion", null), HttpStatusCode.UnprocessableEntity);
        await RespondAsync(scanId, token, answers);
        await RespondAsync(scanId, token, answers);
        var tooFew = await HttpAssert.ProblemAsync(await Client.PostAsync($"/scans/v1/scans/{scanId}/completion", null), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("team-member: 2 of at least 3, 1 missing", tooFew["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("open", JsonNode.Parse(await Client.GetStringAsync($"/scans/v1/scans/{scanId}"))!["status"]!.GetValue<string>());

        await RespondAsync(scanId, token, answers);
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/scans/v1/scans/{scanId}/completion", null)).StatusCode);
        await HttpAssert.ProblemAsync(await Client.PostAsync($"/scans/v1/scans/{scanId}/completion", null), HttpStatusCode.Conflict);
        await HttpAssert.ProblemAsync(await PostResponse(scanId, token, answers), HttpStatusCode.Conflict);
        await HttpAssert.ProblemAsync(await Client.PostAsync($"/scans/v1/scans/{Guid.NewGuid()}/completion", null), HttpStatusCode.NotFound);

        await completedEvents.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3, JsonNode.Parse(await Client.GetStringAsync($"/scans/v1/scans/{scanId}"))!["respondentCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_respondent_token_over_its_limit_gets_429()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = new ServiceFactory<Program>(database.Settings("Scans:Database").Concat(
        [
            new("Messaging:Transport", "InMemory"),
            new("Http:RateLimits:PerRespondentToken:PermitLimit", "2"),
        ]));
        var anonymous = factory.CreateClient();
        var token = Leercultuur.Scans.Scanning.RespondentToken.New();
        Task<HttpResponseMessage> Questionnaire(string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/scans/v1/scans/{Guid.NewGuid()}/questionnaire");
            request.Headers.Add("Respondent-Token", token);
            return anonymous.SendAsync(request);
        }

        for (var i = 0; i < 2; i++)
        {
            await HttpAssert.ProblemAsync(await Questionnaire(token), HttpStatusCode.NotFound);
        }

        var limited = await Questionnaire(token);
        await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
        await HttpAssert.ProblemAsync(await Questionnaire(Leercultuur.Scans.Scanning.RespondentToken.New()), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_scans_are_404() =>
        await HttpAssert.ProblemAsync(await Client.GetAsync($"/scans/v1/scans/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

    private async Task<Guid> RegisterOrganisationAsync()
    {
        var organisationId = Guid.NewGuid();
        var bus = Factory.Services.GetRequiredService<IBus>();
        var message = new OrganisationRegistered
        {
            OrganisationId = organisationId,
            Sector = new SectorClassification { SbiVersion = 2008, SbiCode = "2562", Section = "C" },
            SizeClass = "medium",
            Province = "NL-GE",
            RegisteredAt = DateTimeOffset.UtcNow,
        };
        await bus.Publish(message);
        var replica = Factory.Services.GetRequiredService<OrganisationReplica>();
        await Eventually.Until(() => replica.FindAsync(organisationId, CancellationToken.None), row => row is not null, what: "the organisation replica");
        return organisationId;
    }

    /// <summary>Starts a scan and invites one team member, whose token comes back (for the tests of refusals).</summary>
    private async Task<(Guid Id, string Token)> StartAsync(Guid organisationId, string period)
    {
        var response = await Client.PostAsJsonAsync("/scans/v1/scans", new { organisationId, instrument = "team-psychological-safety", period });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
        return (id, (await InviteAsync(id, 1))[0]);
    }

    private async Task<IReadOnlyList<string>> InviteAsync(Guid scanId, int count)
    {
        var response = await Client.PostAsJsonAsync($"/scans/v1/scans/{scanId}/invitations", new { role = "team-member", count });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["tokens"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
    }

    private Task<HttpResponseMessage> PostResponse(Guid scanId, string token, Dictionary<string, int> answers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/scans/v1/scans/{scanId}/questionnaire/submission") { Content = JsonContent.Create(new { answers }) };
        request.Headers.Add("Respondent-Token", token);
        return Client.SendAsync(request);
    }

    /// <summary>A newly invited team member submits <paramref name="answers"/> (the start's token is left for the refusal tests).</summary>
    private async Task RespondAsync(Guid scanId, string _, Dictionary<string, int> answers) =>
        Assert.Equal(HttpStatusCode.OK, (await PostResponse(scanId, (await InviteAsync(scanId, 1))[0], answers)).StatusCode);
}
