using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Leercultuur.Scans.Results;

/// <summary>
/// Asks reporting for the sector's published national cells. Timeouts, retries and a circuit breaker
/// come from Microsoft.Extensions.Http.Resilience (registered with the client); whatever still goes
/// wrong is "unavailable" with a reason, never an error of the result it belongs to.
/// </summary>
public sealed class BenchmarkClient(IHttpClientFactory clients, IOptions<BenchmarkOptions> options, IServiceProvider services, ILogger<BenchmarkClient> logger)
{
    public const string Name = "benchmarks";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<BenchmarkLookup> FindAsync(string instrument, string period, int sbiVersion, string section, CancellationToken cancellationToken)
    {
        if (BaseAddress() is not { } baseAddress)
        {
            return BenchmarkLookup.Unavailable("No reporting service is configured to compare with.");
        }

        var uri = new Uri(baseAddress, $"reporting/v1/benchmarks?instrument={Uri.EscapeDataString(instrument)}&period={Uri.EscapeDataString(period)}&sector={Uri.EscapeDataString(section)}&sbiVersion={sbiVersion}");
        try
        {
            using var http = clients.CreateClient(Name);
            using var response = await http.GetAsync(uri, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Benchmark unavailable: reporting answered {Status}", (int)response.StatusCode);
                return BenchmarkLookup.Unavailable("The reporting service did not answer with a benchmark.");
            }

            var body = await response.Content.ReadFromJsonAsync<BenchmarkBody>(Json, cancellationToken);
            return body is null ? BenchmarkLookup.Unavailable("The reporting service sent no benchmark.") : BenchmarkLookup.Available(body);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever the failure (refused, timed out, circuit open, a broken answer), the result
            // it belongs to still answers: a comparison is a courtesy, never a reason to fail.
            // Only the kind of failure: the address and the answer may say more than a log should.
            logger.LogWarning("Benchmark unavailable: {Failure}", exception.GetType().Name);
            return BenchmarkLookup.Unavailable("The reporting service cannot be reached right now.");
        }
    }

    private Uri? BaseAddress()
    {
        var configured = options.Value;
        if (configured.BaseAddress is { } address)
        {
            return address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        }

        if (!configured.SameHost)
        {
            return null;
        }

        // The standalone host: its own first address, with a wildcard host made local.
        var own = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (own is null || !Uri.TryCreate(own.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost"), UriKind.Absolute, out var uri))
        {
            return null;
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }
}

/// <summary>What reporting answered (the members a result uses).</summary>
public sealed record BenchmarkBody(int MinimumOrganisations, IReadOnlyList<BenchmarkCellBody> Cells);

public sealed record BenchmarkCellBody(int InstrumentVersion, string Dimension, string Status, string? SuppressionReason, long? Organisations, long? Respondents, double? Mean, BenchmarkInterval? ConfidenceInterval);

public sealed record BenchmarkInterval(double Level, double Lower, double Upper);

/// <summary>A benchmark found, or why there is none.</summary>
public sealed record BenchmarkLookup(BenchmarkBody? Body, string? Reason)
{
    public static BenchmarkLookup Available(BenchmarkBody body) => new(body, null);

    public static BenchmarkLookup Unavailable(string reason) => new(null, reason);
}
