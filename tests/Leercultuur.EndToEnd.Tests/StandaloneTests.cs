using System.Net;
using System.Text.Json.Nodes;
using Leercultuur.Testing;

namespace Leercultuur.EndToEnd.Tests;

/// <summary>The embedded default: all three services in one process, SQLite files and the in-memory bus.</summary>
public sealed class StandaloneTests : IAsyncLifetime
{
    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), "leercultuur-tests", $"standalone-{Guid.NewGuid():N}");
    private ServiceFactory<Standalone.Program> factory = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(dataFolder);
        factory = new ServiceFactory<Standalone.Program>(
        [
            new("Organisations:Database:ConnectionString", $"Data Source={Path.Combine(dataFolder, "organisations.db")}"),
            new("Scans:Database:ConnectionString", $"Data Source={Path.Combine(dataFolder, "scans.db")}"),
            new("Reporting:Database:ConnectionString", $"Data Source={Path.Combine(dataFolder, "reporting.db")}"),
            new("Reporting:Disclosure:MinimumOrganisations", "3"),
        ]);
        http = (await factory.CreateReadyClientAsync()).As(ServiceDefaults.Security.Roles.Admin);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataFolder, recursive: true);
    }

    [Fact]
    public async Task One_process_serves_all_three_APIs_and_carries_events_between_them()
    {
        var client = new ApiClient(http, http, http);
        var organisations = new[] { await client.RegisterAsync("73000001", "4120"), await client.RegisterAsync("73000002", "4211"), await client.RegisterAsync("73000003", "4321") };

        await client.ScanAsync(organisations[0], "2025", [6, 6, 6]);
        await client.ScanAsync(organisations[1], "2025", [4, 4, 4]);
        await client.ScanAsync(organisations[2], "2025", [5, 5, 5]);

        // 2025 is over: released within the standalone host's release interval. (Construction, F, is one section
        // in both SBI views; were the three split over 2025 J and K, 2008 J beside them would hide them.)
        var cell = await client.CellAsync("2025", "F", c => c?["status"]?.GetValue<string>() == "published");
        Assert.Equal(3, cell!["organisations"]!.GetValue<int>());
        Assert.Equal(5.0, cell["mean"]!.GetValue<double>(), 4);
    }

    [Theory]
    [InlineData("organisations")]
    [InlineData("scans")]
    [InlineData("reporting")]
    public async Task Each_API_has_its_own_OpenAPI_document_and_version_header(string api)
    {
        var response = await http.GetAsync($"/{api}/v1/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1.0.0", Assert.Single(response.Headers.GetValues("API-Version")));
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("3.0", document["openapi"]!.GetValue<string>());
        Assert.Equal($"/{api}/v1", document["servers"]![0]!["url"]!.GetValue<string>());
        Assert.NotEmpty(document["paths"]!.AsObject());
    }

    [Fact]
    public async Task Readiness_covers_all_three_databases_and_the_bus()
    {
        var response = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", report["status"]!.GetValue<string>());
        var checks = report["checks"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["status"]!.GetValue<string>());
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["organisations-database"] = "Healthy",
                ["scans-database"] = "Healthy",
                ["reporting-database"] = "Healthy",
                ["bus"] = "Healthy",
            },
            checks);
    }

    [Theory]
    [InlineData("Reporting:Disclosure:MinimumOrganisations", "0", "The setting Reporting:Disclosure:MinimumOrganisations must be from 3 to 1000")]
    [InlineData("Messaging:Outbox:BatchSize", "abc", "Failed to convert configuration value 'abc' at 'Messaging:Outbox:BatchSize'")]
    [InlineData("Messaging:Transport", "Kafka", "Failed to convert configuration value 'Kafka' at 'Messaging:Transport'")]
    public async Task A_bad_setting_stops_start_up_with_a_message_naming_it_and_no_stack_trace(string key, string value, string message)
    {
        var (exitCode, output) = await ServiceProcess.RunCommandAsync(
            "Leercultuur.Standalone",
            [
                new("urls", "http://127.0.0.1:0"),
                new("Organisations:Database:ConnectionString", $"Data Source={Path.Combine(dataFolder, "o2.db")}"),
                new("Scans:Database:ConnectionString", $"Data Source={Path.Combine(dataFolder, "s2.db")}"),
                new("Reporting:Database:ConnectionString", $"Data Source={Path.Combine(dataFolder, "r2.db")}"),
                new(key, value),
            ]);

        Assert.Equal(1, exitCode);
        Assert.Contains(message, output);
        Assert.DoesNotContain("Unhandled exception", output);
    }
}
