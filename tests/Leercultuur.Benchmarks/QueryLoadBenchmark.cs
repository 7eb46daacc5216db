using System.Diagnostics;
using System.Globalization;
using Leercultuur.Testing;

namespace Leercultuur.Benchmarks;

/// <summary>
/// The three-way grouped observations query against a trivial JSON endpoint of the same reporting host
/// (a code list), each at concurrency 32 for a few seconds, in the same run: requests per second and p99.
/// In process (the host's test server): the application's cost without the network's.
/// </summary>
internal static class QueryLoadBenchmark
{
    public const string Trivial = "/reporting/v1/code-lists/sizeClass";
    public const string ThreeWays = "/reporting/v1/observations?instrument=team-psychological-safety&groupBy=sector,sizeClass,province&startPeriod=2025-Q4&endPeriod=2025-Q4";
    private const int Concurrency = 32;

    /// <returns>
    /// Requests per second and p99 (ms) of the trivial endpoint, of the three-way query, and of the same
    /// query asked with Accept-Encoding: gzip (as browsers ask; the body read as it comes, compressed).
    /// </returns>
    public static async Task<(double TrivialRate, double TrivialP99, double Rate, double P99, double GzipRate, double GzipP99)> RunAsync(IEnumerable<KeyValuePair<string, string?>> databaseSettings, Leercultuur.Data.DatabaseOptions database, string engine)
    {
        // The test server's content root is the service's project folder; a test project learns it from the
        // Mvc.Testing build targets, this program from the variable those targets would otherwise stand in for.
        var solution = new DirectoryInfo(AppContext.BaseDirectory);
        while (solution is not null && !File.Exists(Path.Combine(solution.FullName, "Leercultuur.Services.sln")))
        {
            solution = solution.Parent;
        }

        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_LEERCULTUUR_REPORTING", Path.Combine(solution!.FullName, "services", "Leercultuur.Reporting"));
        await using var host = new ServiceFactory<Reporting.Program>(databaseSettings
            .Append(new("Messaging:Transport", "InMemory"))
            .Append(new("Reporting:Releases:Interval", "1.00:00:00"))
            .Append(new("Logging:LogLevel:Default", "Warning"))
            .Append(new("Logging:LogLevel:Leercultuur", "Warning")));
        using var client = host.CreateClient();
        await ReleaseQueue.WaitUntilReleasedAsync(database, TimeSpan.FromMinutes(10));
        var baseline = await LoadAsync(client, Trivial);
        var run = await LoadAsync(client, ThreeWays);
        var gzip = await LoadAsync(client, ThreeWays, gzip: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"HTTP at concurrency {Concurrency} ({engine}): code list {baseline.PerSecond:F0}/s p99 {baseline.P99:F1} ms; three-way observations {run.PerSecond:F0}/s p99 {run.P99:F1} ms (ratio {run.PerSecond / baseline.PerSecond:F2}); gzip {gzip.PerSecond:F0}/s p99 {gzip.P99:F1} ms (ratio {gzip.PerSecond / baseline.PerSecond:F2})"));
        return (baseline.PerSecond, baseline.P99, run.PerSecond, run.P99, gzip.PerSecond, gzip.P99);
    }

    public static async Task<(double PerSecond, double P99)> LoadAsync(HttpClient client, string path, bool gzip = false)
    {
        // Warm-up, then five seconds of measured load.
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Worker(client, path, gzip, TimeSpan.FromSeconds(1), [])));
        var latencies = Enumerable.Range(0, Concurrency).Select(_ => new List<double>()).ToArray();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(latencies.Select(list => Worker(client, path, gzip, TimeSpan.FromSeconds(5), list)));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToList();
        return (all.Count / elapsed, all[(int)(all.Count * 0.99)]);
    }

    private static async Task Worker(HttpClient client, string path, bool gzip, TimeSpan duration, List<double> latencies)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            var started = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (gzip)
            {
                request.Headers.AcceptEncoding.ParseAdd("gzip");
            }

            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
