using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Scans.Organisations;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Leercultuur.Scans.Tests;

/// <summary>Deadlines on a fake clock: at the deadline a scan with enough respondents completes, one without expires.</summary>
public sealed class DeadlineTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private TestDatabase database = null!;
    private ServiceFactory<Program> service = null!;
    private WebApplicationFactory<Program> host = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        service = new ServiceFactory<Program>(database.Settings("Scans:Database").Concat(
        [
            new("Messaging:Transport", "InMemory"),
            new("Scans:Deadlines:Interval", "00:01:00"),
        ]));
        host = service.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(clock)));
        client = host.CreateClient();

        // Longer than the clock moves in these tests.
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(Roles.Admin, lifetime: TimeSpan.FromDays(2)));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await service.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task At_the_deadline_a_scan_with_enough_respondents_completes_and_one_without_expires()
    {
        var completions = await BusProbe.ListenAsync<ScanCompleted>(host.Services, "test-deadline-completed");
        var organisation = await RegisterAsync();
        var start = clock.GetUtcNow();
        var enough = await StartAsync(organisation, start.AddHours(1));
        var tooFew = await StartAsync(organisation, start.AddHours(1));
        var later = await StartAsync(organisation, start.AddHours(3));
        var without = await StartAsync(organisation, null);
        foreach (var value in new[] { 3, 4, 5 })
        {
            await RespondAsync(enough.Id, enough.Token, value);
        }

        await RespondAsync(tooFew.Id, tooFew.Token, 4);

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("open", await StatusAsync(enough.Id));

        clock.Advance(TimeSpan.FromMinutes(2));
        await Eventually.Until(() => StatusAsync(enough.Id), s => s == "completed", what: "the scan with enough respondents to complete");
        await Eventually.Until(() => StatusAsync(tooFew.Id), s => s == "expired", what: "the scan with too few to expire");
        Assert.Equal(enough.Id, (await completions.Task.WaitAsync(TimeSpan.FromSeconds(30))).ScanId);
        Assert.Equal(("open", "open"), (await StatusAsync(later.Id), await StatusAsync(without.Id)));

        // An expired scan takes no answers and cannot be completed.
        var refused = await SubmitAsync(tooFew.Id, tooFew.Token, 4);
        await HttpAssert.ProblemAsync(refused, HttpStatusCode.Conflict);
        var completion = await HttpAssert.ProblemAsync(await client.PostAsync($"/scans/v1/scans/{tooFew.Id}/completion", null), HttpStatusCode.Conflict);
        Assert.Contains("expired", completion["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_deadline_no_answer_counts_even_before_the_job_has_run()
    {
        var organisation = await RegisterAsync();
        var scan = await StartAsync(organisation, clock.GetUtcNow().AddSeconds(30));
        await RespondAsync(scan.Id, scan.Token, 4);

        // Past the deadline, before the job's next run (every minute).
        clock.Advance(TimeSpan.FromSeconds(31));
        var late = await SubmitAsync(scan.Id, scan.Token, 4);
        var problem = await HttpAssert.ProblemAsync(late, HttpStatusCode.Conflict);
        Assert.Contains("deadline", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, JsonNode.Parse(await client.GetStringAsync($"/scans/v1/scans/{scan.Id}"))!["respondentCount"]!.GetValue<int>());

        clock.Advance(TimeSpan.FromSeconds(30));
        await Eventually.Until(() => StatusAsync(scan.Id), s => s == "expired", what: "the scan to expire");
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(0)]
    [InlineData(60 * 24 * 367)]
    public async Task A_deadline_not_after_now_or_more_than_a_year_ahead_is_400_naming_it(int minutes)
    {
        var organisation = await RegisterAsync();

        var response = await client.PostAsJsonAsync("/scans/v1/scans", new { organisationId = organisation, instrument = "team-psychological-safety", period = "2026", deadline = clock.GetUtcNow().AddMinutes(minutes) });

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["deadline"]);
    }

    private async Task<Guid> RegisterAsync()
    {
        var organisation = Guid.NewGuid();
        await host.Services.GetRequiredService<IBus>().Publish(TestEvents.OrganisationRegistered(organisation));
        var replica = host.Services.GetRequiredService<OrganisationReplica>();
        await Eventually.Until(() => replica.FindAsync(organisation, CancellationToken.None), row => row is not null, what: "the replica");
        return organisation;
    }

    /// <summary>A scan of a team of its own, with one invited token kept back for the refusal checks.</summary>
    private async Task<(Guid Id, string Token)> StartAsync(Guid organisation, DateTimeOffset? deadline)
    {
        var response = await client.PostAsJsonAsync("/scans/v1/scans", new { organisationId = organisation, instrument = "team-psychological-safety", period = "2026-Q4", deadline, team = $"Team {Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
        return (id, await InviteAsync(id));
    }

    private async Task<string> InviteAsync(Guid scan)
    {
        var response = await client.PostAsJsonAsync($"/scans/v1/scans/{scan}/invitations", new { role = "team-member", count = 1 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["tokens"]![0]!.GetValue<string>();
    }

    private Task<HttpResponseMessage> SubmitAsync(Guid scan, string token, int value)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/scans/v1/scans/{scan}/questionnaire/submission")
        {
            Content = JsonContent.Create(new { answers = ScoringTests.Answers(value, value, value, value, value, value, value) }),
        };
        request.Headers.Add("Respondent-Token", token);
        return client.SendAsync(request);
    }

    /// <summary>A newly invited team member submits every item at <paramref name="value"/>.</summary>
    private async Task RespondAsync(Guid scan, string _, int value) =>
        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(scan, await InviteAsync(scan), value)).StatusCode);

    private async Task<string> StatusAsync(Guid scan) =>
        JsonNode.Parse(await client.GetStringAsync($"/scans/v1/scans/{scan}"))!["status"]!.GetValue<string>();
}
