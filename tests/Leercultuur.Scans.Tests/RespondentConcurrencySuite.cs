using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Leercultuur.Data;
using Leercultuur.Scans.Organisations;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.Scans.Tests;

/// <summary>
/// The conflicting respondent operations run at once on every engine: SQLite serialises writers whole,
/// PostgreSQL (and SQL Server) rely on the scan row's lock taken first.
/// </summary>
public sealed class RespondentConcurrencySuite
{
    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task One_token_submitted_at_once_counts_once_and_batches_at_once_never_pass_the_maximum(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = new ServiceFactory<Program>(database.Settings("Scans:Database").Append(new("Messaging:Transport", "InMemory")));
        var admin = host.CreateCheckedClient().As(Roles.Admin);
        var organisation = Guid.NewGuid();
        await host.Services.GetRequiredService<IBus>().Publish(TestEvents.OrganisationRegistered(organisation));
        var replica = host.Services.GetRequiredService<OrganisationReplica>();
        await Eventually.Until(() => replica.FindAsync(organisation, CancellationToken.None), row => row is not null, what: "the replica");
        var started = await admin.PostAsJsonAsync("/scans/v1/scans", new { organisationId = organisation, instrument = "team-psychological-safety", period = "2026-Q1" });
        var scan = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();

        var batches = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => admin.PostAsJsonAsync($"/scans/v1/scans/{scan}/invitations", new { role = "team-member", count = 80 })));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.UnprocessableEntity], batches.Select(b => b.StatusCode).Order());

        var token = JsonNode.Parse(await batches.First(b => b.StatusCode == HttpStatusCode.Created).Content.ReadAsStringAsync())!["tokens"]![0]!.GetValue<string>();
        var answers = ScoringTests.Answers(3, 4, 5, 6, 7, 1, 2);
        var submissions = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/scans/v1/scans/{scan}/questionnaire/submission") { Content = JsonContent.Create(new { answers }) };
            request.Headers.Add("Respondent-Token", token);
            return host.CreateCheckedClient().SendAsync(request);
        }));

        Assert.All(submissions, s => Assert.Equal(HttpStatusCode.OK, s.StatusCode));
        var state = JsonNode.Parse(await admin.GetStringAsync($"/scans/v1/scans/{scan}"))!;
        var progress = JsonNode.Parse(await admin.GetStringAsync($"/scans/v1/scans/{scan}/invitations"))!["roles"]![0]!;
        Assert.Equal((1, 160, 1), (state["respondentCount"]!.GetValue<int>(), progress["issued"]!.GetValue<int>(), progress["submitted"]!.GetValue<int>()));
    }
}
