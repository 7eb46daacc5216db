using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Dapper;
using Leercultuur.Data;
using Leercultuur.Testing;

namespace Leercultuur.Benchmarks;

/// <summary>
/// The figures of issue 9 in one table, each the median of the runs, next to its same-run baseline and
/// its goal, with the machine they were taken on: what <c>./bench.sh</c> prints and writes to
/// docs/performance.md.
/// </summary>
internal static class PerformanceReport
{
    public sealed record Row(string Figure, string Measured, string Baseline, string Ratio, string Goal, string Met);

    public static IReadOnlyList<Row> Rows(
        IReadOnlyList<IReadOnlyList<ScaleBenchmark.Figures>> runs,
        IReadOnlyList<double> coldStarts,
        IReadOnlyList<double> standaloneRates,
        IReadOnlyList<(double Relay, double Publish)> relays,
        IReadOnlyList<FreshnessBenchmark.Figures> freshness,
        int backlog,
        int relayRows)
    {
        var rows = new List<Row>();
        var scales = runs[0].Select(f => f.Scale).ToList();
        double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        double Of(int scale, Func<ScaleBenchmark.Figures, double> figure) => Median(runs.Select(r => figure(r.Single(f => f.Scale == scale))));
        string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
        string Met(bool met) => met ? "yes" : "**no**";

        foreach (var scale in scales)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{scale:N0} facts");
            var ingest = Of(scale, f => f.IngestRate);
            var noOp = Of(scale, f => f.NoOpRate);
            var raw = Of(scale, f => f.RawRate);
            rows.Add(new($"reporting draining {backlog:N0} ScanCompletedV2 into PostgreSQL, {at}", $"{F(ingest, "F0")}/s", $"MassTransit no-op consumer {F(noOp, "F0")}/s", F(ingest / noOp, "F2"), "≥ 0.8", Met(ingest / noOp >= 0.8)));
            rows.Add(new($"the same, {at}", $"{F(ingest, "F0")}/s", $"raw RabbitMQ.Client consume + ack {F(raw, "F0")}/s", F(ingest / raw, "F2"), "≥ 0.3", Met(ingest / raw >= 0.3)));
            var query = Of(scale, f => f.QueryRate);
            var trivial = Of(scale, f => f.TrivialRate);
            var p99 = Of(scale, f => f.QueryP99);
            rows.Add(new($"three-way observations query, concurrency 32, {at}", $"{F(query, "F0")}/s, p99 {F(p99, "F1")} ms", $"code list {F(trivial, "F0")}/s, p99 {F(Of(scale, f => f.TrivialP99), "F1")} ms", F(query / trivial, "F2"), "≥ 0.7, p99 < 20 ms", Met(query / trivial >= 0.7 && p99 < 20)));
            var gzip = Of(scale, f => f.GzipRate);
            var gzipP99 = Of(scale, f => f.GzipP99);
            rows.Add(new($"the same query asked with Accept-Encoding: gzip (browsers do), {at}", $"{F(gzip, "F0")}/s, p99 {F(gzipP99, "F1")} ms", $"code list {F(trivial, "F0")}/s", F(gzip / trivial, "F2"), "≥ 0.7, p99 < 20 ms", Met(gzip / trivial >= 0.7 && gzipP99 < 20)));
            rows.Add(new($"release of eight quarters, {at}", $"{F(Of(scale, f => f.ReleaseSeconds), "F1")} s", "—", "—", "reported", "—"));
        }

        if (scales.Count > 1)
        {
            var (small, large) = (scales.Min(), scales.Max());
            var ingestRatio = Of(large, f => f.IngestRate) / Of(small, f => f.IngestRate);
            var p99Ratio = Of(large, f => f.QueryP99) / Of(small, f => f.QueryP99);
            rows.Add(new(string.Create(CultureInfo.InvariantCulture, $"ingest rate at {large:N0} facts"), $"{F(Of(large, f => f.IngestRate), "F0")}/s", string.Create(CultureInfo.InvariantCulture, $"{F(Of(small, f => f.IngestRate), "F0")}/s at {small:N0}"), F(ingestRatio, "F2"), "≥ 0.8", Met(ingestRatio >= 0.8)));
            rows.Add(new(string.Create(CultureInfo.InvariantCulture, $"query p99 at {large:N0} facts"), $"{F(Of(large, f => f.QueryP99), "F1")} ms", string.Create(CultureInfo.InvariantCulture, $"{F(Of(small, f => f.QueryP99), "F1")} ms at {small:N0}"), F(p99Ratio, "F2"), "≤ 1.2", Met(p99Ratio <= 1.2)));
        }

        var largest = scales.Max();
        var resident = Of(largest, f => f.Resident) / (1024 * 1024);
        var peak = Of(largest, f => f.Peak) / (1024 * 1024);
        rows.Add(new(
            string.Create(CultureInfo.InvariantCulture, $"reporting RSS at {largest:N0} facts: the service in its own process after ingesting {backlog:N0} and the query load (peak in brackets)"),
            $"{F(resident, "F0")} MB ({F(peak, "F0")} MB)",
            "—",
            "—",
            "< 300 MB",
            Met(resident < 300 && peak < 300)));
        var cold = Median(coldStarts);
        rows.Add(new("standalone host cold start to ready", $"{F(cold, "F2")} s", "—", "—", "< 3 s", Met(cold < 3)));
        rows.Add(new("standalone ingest (SQLite), batches of 100 as the batch consumer writes them", $"{F(Median(standaloneRates), "F0")}/s", "—", "—", "reported", "—"));
        var relay = Median(relays.Select(r => r.Relay));
        var publish = Median(relays.Select(r => r.Publish));
        rows.Add(new(
            string.Create(CultureInfo.InvariantCulture, $"outbox relay draining {relayRows:N0} rows (PostgreSQL)"),
            $"{F(relay, "F0")}/s",
            $"MassTransit publish with confirms, as many in flight {F(publish, "F0")}/s",
            F(relay / publish, "F2"),
            "≥ 0.9",
            Met(relay / publish >= 0.9)));
        var fresh = freshness[0];
        var freshP99 = Median(freshness.Select(f => f.P99));
        rows.Add(new(
            string.Create(CultureInfo.InvariantCulture, $"freshness: completion request → fact in reporting (what the next release is made of), {fresh.Completions:N0} completions asked at 500/s, three service processes on this one machine"),
            string.Create(CultureInfo.InvariantCulture, $"p50 {Median(freshness.Select(f => f.P50)):F0} ms, p99 {freshP99:F0} ms, max {Median(freshness.Select(f => f.Max)):F0} ms; completions sent at {Median(freshness.Select(f => f.Rate)):F0}/s, {freshness.Sum(f => f.Failed)} failed"),
            "—",
            "—",
            "p99 < 1 s",
            Met(freshP99 < 1000 && freshness.All(f => f.Failed == 0 && f.Rate >= 475))));
        return rows;
    }

    public static async Task<string> MarkdownAsync(IReadOnlyList<Row> rows, int runs, string command)
    {
        var text = new StringBuilder();
        text.AppendLine("# Performance");
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Written by `./bench.sh` ({command}) on {DateTime.UtcNow:yyyy-MM-dd}. Each figure is the median of {runs} run(s); every baseline was measured in the same run on the same machine. Timings are never asserted in tests."));
        text.AppendLine();
        text.AppendLine("## Machine");
        text.AppendLine();
        foreach (var line in await MachineAsync())
        {
            text.AppendLine($"- {line}");
        }

        text.AppendLine();
        text.AppendLine("## Figures");
        text.AppendLine();
        text.AppendLine("| figure | measured | baseline (same run) | ratio | goal | met |");
        text.AppendLine("|---|---|---|---:|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine($"| {row.Figure} | {row.Measured} | {row.Baseline} | {row.Ratio} | {row.Goal} | {row.Met} |");
        }

        return text.ToString();
    }

    private static async Task<IReadOnlyList<string>> MachineAsync()
    {
        var lines = new List<string>();
        var cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() : null;
        lines.Add($"CPU: {cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores");
        var memory = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal)) : null;
        if (memory is not null && long.TryParse(memory.Split(':', 2)[1].Replace("kB", "", StringComparison.Ordinal).Trim(), out var kilobytes))
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Memory: {kilobytes / (1024.0 * 1024):F1} GiB"));
        }

        lines.Add($"OS: {RuntimeInformation.OSDescription}");
        lines.Add($".NET: {RuntimeInformation.FrameworkDescription}, Release build");
        try
        {
            await using var test = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
            await using var connection = await new Database(test.Options).OpenAsync();
            lines.Add($"PostgreSQL: {await connection.ExecuteScalarAsync<string>("SHOW server_version")}");
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            lines.Add("PostgreSQL: version not read");
        }

        lines.Add($"RabbitMQ: {Command("rabbitmqctl", "version") ?? "version not read"}");
        return lines;
    }

    private static string? Command(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit(10_000);
            return process.ExitCode == 0 && output.Length > 0 ? output.Split('\n')[0] : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
