using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Leercultuur.Testing;

/// <summary>
/// A real service host in the test process, configured only through settings (which reach the entry
/// point as arguments, before any registration reads them).
/// </summary>
public sealed class ServiceFactory<TEntryPoint>(IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? services = null) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    // Development tokens first, so that a test's own settings can say otherwise.
    private readonly List<KeyValuePair<string, string?>> settings = TestTokens.Settings.Concat(Releases).Concat(settings).ToList();

    /// <summary>Reporting releases a period as soon as it is over and looks often: tests wait for releases, not for a minute.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string?>> Releases =
    [
        new("Reporting:Releases:Interval", "00:00:00.200"),
        new("Reporting:Releases:Grace", "00:00:00"),
    ];

    /// <summary>
    /// A client of the started host, once it is ready: its databases answer and its bus is connected,
    /// so its queues exist before a test publishes to them (in production the migrate command's
    /// topology step sees to that).
    /// </summary>
    public async Task<HttpClient> CreateReadyClientAsync()
    {
        var client = CreateCheckedClient();
        await Eventually.Until(
            async () => (await client.GetAsync("/health/ready")).StatusCode,
            status => status == System.Net.HttpStatusCode.OK,
            TimeSpan.FromSeconds(60),
            $"{typeof(TEntryPoint).Namespace} to be ready");
        return client;
    }

    /// <summary>Every log entry of this host, down to Debug.</summary>
    public LogRecorder Logs { get; } = new();

    /// <summary>A client whose every answer is checked against the API's OpenAPI document (see <see cref="Contract.ContractCheckingHandler"/>).</summary>
    public HttpClient CreateCheckedClient() => CreateDefaultClient(new Contract.ContractCheckingHandler(contracts));

    // This host's OpenAPI documents, read and compiled once for all its checked clients.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<Contract.OpenApiContract?>> contracts = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<LogRecorder>(null, Microsoft.Extensions.Logging.LogLevel.Debug);
        });
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }
}
