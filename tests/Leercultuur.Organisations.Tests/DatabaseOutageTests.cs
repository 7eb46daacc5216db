using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Leercultuur.Data;
using Leercultuur.Testing;

namespace Leercultuur.Organisations.Tests;

/// <summary>The organisation service while its PostgreSQL database is out of reach, and after it is back.</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task While_the_database_is_unreachable_clients_get_503_with_Retry_After_and_readiness_fails_then_all_recovers()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var (proxy, settings) = database.ThroughProxy("Organisations:Database");
        await using var _ = proxy;
        await using var factory = new ServiceFactory<Program>(settings.Append(new("Messaging:Transport", "InMemory")));
        var client = (await factory.CreateReadyClientAsync()).As(ServiceDefaults.Security.Roles.Admin);
        var created = await client.PostAsJsonAsync("/organisations/v1/organisations", Registration("61000001"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        proxy.Down();

        foreach (var response in new[]
        {
            await client.GetAsync(created.Headers.Location),
            await client.GetAsync("/organisations/v1/organisations"),
            await client.PostAsJsonAsync("/organisations/v1/organisations", Registration("61000002")),
        })
        {
            var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("5", Assert.Single(response.Headers.GetValues("Retry-After")));
            Assert.DoesNotContain("Npgsql", problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        proxy.Up();

        await Eventually.Until(async () => (await client.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.OK, what: "readiness after the outage");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(created.Headers.Location)).StatusCode);
        var page = JsonNode.Parse(await client.GetStringAsync("/organisations/v1/organisations"))!;
        Assert.Equal(["61000001"], page["items"]!.AsArray().Select(i => i!["kvkNumber"]!.GetValue<string>()));
    }

    private static object Registration(string kvkNumber) =>
        new { name = "Storing BV", kvkNumber, sbiCode = "1071", sbiVersion = 2008, employees = 12, province = "Utrecht" };
}
