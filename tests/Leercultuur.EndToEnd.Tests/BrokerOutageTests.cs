using System.Net;
using System.Text.Json.Nodes;
using Leercultuur.Data;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.EndToEnd.Tests;

/// <summary>
/// A service whose broker is out of reach, as a real process: it serves at once (live, not ready), keeps
/// reconnecting, becomes ready when the broker comes, and stops being ready when the broker goes again.
/// </summary>
public sealed class BrokerOutageTests
{
    [Fact]
    public async Task A_service_started_while_the_broker_is_down_serves_at_once_and_is_ready_only_while_the_bus_is_connected()
    {
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var proxy = TcpProxy.Create(TestEnvironment.RabbitMqHost, 5672, up: false);
        using var observer = await BusHost.StartAsync(broker.Settings(), (services, _) => services.AddSingleton<SeenOrganisations>(), bus => bus.AddConsumer<OrganisationObserver, OrganisationObserverDefinition>());
        var seen = observer.Services.GetRequiredService<SeenOrganisations>();
        var settings = broker.Settings()
            .Append(new("Messaging:RabbitMq:Host", "127.0.0.1"))
            .Append(new("Messaging:RabbitMq:Port", proxy.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Concat(database.Settings("Organisations:Database"));

        var started = DateTime.UtcNow;
        using var organisations = await ServiceProcess.StartAsync("Leercultuur.Organisations", settings, until: "/health/live", within: TimeSpan.FromSeconds(20));
        var http = new HttpClient { BaseAddress = organisations.BaseAddress };
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
        Assert.Equal("Unhealthy", await CheckStatusAsync(http, "broker", HttpStatusCode.ServiceUnavailable));

        // It takes registrations meanwhile: the outbox keeps the events until the broker is there.
        var registered = await new ApiClient(http, null!, null!).RegisterAsync("75000001");

        proxy.Up();
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(90), "readiness once the broker is reachable");
        await Eventually.Until(() => Task.FromResult(seen.Ids.ContainsKey(registered)), found => found, TimeSpan.FromSeconds(60), "the event registered during the outage");

        proxy.Down();
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), "readiness to fail with the broker gone");
        Assert.Equal("Unhealthy", await CheckStatusAsync(http, "broker", HttpStatusCode.ServiceUnavailable));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    private static async Task<string> CheckStatusAsync(HttpClient http, string check, HttpStatusCode expected)
    {
        var response = await http.GetAsync("/health/ready");
        Assert.Equal(expected, response.StatusCode);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == check)!["status"]!.GetValue<string>();
    }
}
