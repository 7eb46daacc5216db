using System.Net.Http.Json;
using Leercultuur.Data;
using Leercultuur.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leercultuur.Organisations.Tests;

/// <summary>What a host writes to its logs while it serves: no framework chatter per request, no personal data.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task Serving_requests_writes_no_framework_information_lines_and_no_request_values()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var logs = new CapturedLogs();
        await using var factory = new ServiceFactory<Program>(database.Settings("Organisations:Database").Append(new("Messaging:Transport", "InMemory")))
            .WithWebHostBuilder(host => host.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(logs)));
        var client = factory.CreateClient().As(ServiceDefaults.Security.Roles.Admin);
        await Eventually.Until(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, ready => ready, what: "readiness");
        var before = logs.Records.Count;

        for (var i = 0; i < 20; i++)
        {
            await client.PostAsJsonAsync("/organisations/v1/organisations", new { name = $"Geheime Naam {i}", kvkNumber = $"620000{i:D2}", sbiCode = "1071", sbiVersion = 2008, employees = 12, province = "Utrecht" });
            await client.GetAsync($"/organisations/v1/organisations?limit={i + 1}");
        }

        var during = logs.Records.Skip(before).ToList();
        Assert.DoesNotContain(during, r => r.Category.StartsWith("Microsoft.", StringComparison.Ordinal) && r.Level < LogLevel.Warning);
        Assert.True(during.Count <= 40, $"{during.Count} log lines for 40 requests");
        Assert.DoesNotContain(during, r => r.Message.Contains("Geheime Naam", StringComparison.Ordinal) || r.Message.Contains("62000001", StringComparison.Ordinal));
    }
}
