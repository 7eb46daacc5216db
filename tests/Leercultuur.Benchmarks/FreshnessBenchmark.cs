using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Leercultuur.Data;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.Testing;

namespace Leercultuur.Benchmarks;

/// <summary>
/// Freshness through the separate hosts: organisations, scans and reporting each in its own process, on their
/// own PostgreSQL databases and one RabbitMQ. Completions are asked of the scan service at a steady rate; each
/// counts from the moment its request is sent to the moment its fact is in reporting's database, the fact
/// the next release is made of (releases are the disclosure design: a quarter is published once it is over,
/// so nothing reaches the observations sooner by design). Reporting's database is read every 10 ms. The load,
/// the three services, PostgreSQL and RabbitMQ all share this machine's cores, where the goal speaks of separate hosts.
/// </summary>
internal static class FreshnessBenchmark
{
    /// <summary>Where the time goes, hop by hop, as the databases recorded it (medians and p99 over the completions' events).</summary>
    private static async Task PrintHopsAsync(TestDatabase scansDb, TestDatabase reportingDb, DateTimeOffset from)
    {
        await using var scans = await new Database(scansDb.Options).OpenAsync();
        await using var reporting = await new Database(reportingDb.Options).OpenAsync();
        var outbox = (await scans.QueryAsync<(Guid MessageId, string Type, DateTimeOffset Created, DateTimeOffset? Sent)>(
            "SELECT message_id, message_type, created_at, sent_at FROM outbox_messages WHERE created_at >= @from", new { from })).ToList();
        var inbox = (await reporting.QueryAsync<(Guid MessageId, DateTimeOffset Processed)>("SELECT message_id, processed_at FROM inbox_messages"))
            .GroupBy(r => r.MessageId).ToDictionary(g => g.Key, g => g.Min(r => r.Processed));
        foreach (var type in outbox.GroupBy(o => o.Type))
        {
            var relay = type.Where(o => o.Sent is not null).Select(o => (o.Sent!.Value - o.Created).TotalMilliseconds).Order().ToList();
            var consumed = type.Where(o => o.Sent is not null && inbox.ContainsKey(o.MessageId)).Select(o => (inbox[o.MessageId] - o.Sent!.Value).TotalMilliseconds).Order().ToList();
            string Quantiles(List<double> values) => values.Count == 0 ? "none" : string.Create(CultureInfo.InvariantCulture, $"p50 {values[values.Count / 2]:F0} ms, p99 {values[Math.Min(values.Count - 1, (int)(values.Count * 0.99))]:F0} ms");
            Console.WriteLine($"freshness hops of {type.Key}: outbox row to confirmed publish {Quantiles(relay)}; confirmed publish to reporting's inbox {Quantiles(consumed)}");
        }
    }

    // Three services share one PostgreSQL server here (100 connections by default), where each would have its
    // own: a pool of 30 each leaves room for the benchmark's own connections.
    private static IEnumerable<KeyValuePair<string, string?>> Pooled(TestDatabase database, string section) =>
        database.Settings(section).Select(s => s.Key.EndsWith(":ConnectionString", StringComparison.Ordinal) ? new(s.Key, s.Value + ";Maximum Pool Size=30") : s);

    public sealed record Figures(int Completions, double Rate, double P50, double P99, double Max, int Failed);

    public static async Task<Figures> RunAsync(int completions, double perSecond)
    {
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        await using var organisationsDb = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var scansDb = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var reportingDb = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);

        // No rate limit stands between the benchmark and the services: it is one caller asking for thousands.
        List<KeyValuePair<string, string?>> open =
        [
            new("Http:RateLimits:PerCaller:PermitLimit", "1000000"),
            new("Http:RateLimits:Anonymous:PermitLimit", "1000000"),
            new("Http:RateLimits:PerRespondentToken:PermitLimit", "1000000"),
        ];
        using var reporting = await ServiceProcess.StartAsync("Leercultuur.Reporting", broker.Settings().Concat(Pooled(reportingDb, "Reporting:Database")).Concat(open));
        using var scans = await ServiceProcess.StartAsync("Leercultuur.Scans", broker.Settings().Concat(Pooled(scansDb, "Scans:Database")).Concat(open));
        using var organisations = await ServiceProcess.StartAsync("Leercultuur.Organisations", broker.Settings().Concat(Pooled(organisationsDb, "Organisations:Database")).Concat(open));
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
        var api = new ApiClient(
            new HttpClient(handler, disposeHandler: false) { BaseAddress = organisations.BaseAddress, Timeout = TimeSpan.FromMinutes(2) },
            new HttpClient(handler, disposeHandler: false) { BaseAddress = scans.BaseAddress, Timeout = TimeSpan.FromMinutes(2) },
            new HttpClient(handler, disposeHandler: false) { BaseAddress = reporting.BaseAddress });

        // Scans of the current quarter, as completions are: a quarter is released once it is over, so scans of a
        // closed quarter would each make reporting release it again. Answered by three respondents each, ready to
        // complete (sixteen clients at once).
        var today = DateTime.UtcNow;
        var quarter = string.Create(CultureInfo.InvariantCulture, $"{today.Year}-Q{((today.Month - 1) / 3) + 1}");
        var preparing = Stopwatch.StartNew();
        var ready = new Guid[completions];
        using (var gate = new SemaphoreSlim(16))
        {
            await Task.WhenAll(Enumerable.Range(0, completions).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    var organisation = await api.RegisterAsync((70_000_000 + i).ToString(CultureInfo.InvariantCulture));
                    var scan = await api.StartScanAsync(organisation, quarter);
                    var tokens = await api.InviteAsync(scan, 3);
                    foreach (var (token, value) in tokens.Zip([4, 5, 6]))
                    {
                        await api.RespondAsync(scan, token, value);
                    }

                    ready[i] = scan;
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"freshness: {completions} answered scans prepared in {preparing.Elapsed.TotalSeconds:F0} s"));

        // Reporting's facts, watched every 10 ms from a connection of its own: only the scans completed and not yet
        // seen are asked for, so the watching costs little beside what it watches.
        var clock = Stopwatch.StartNew();
        var seen = new ConcurrentDictionary<Guid, double>();
        var asked = new ConcurrentDictionary<Guid, byte>();
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            await using var connection = await new Database(reportingDb.Options).OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                var pending = asked.Keys.Where(scan => !seen.ContainsKey(scan)).ToArray();
                if (pending.Length > 0)
                {
                    foreach (var scan in await connection.QueryAsync<Guid>("SELECT scan_id FROM team_facts WHERE scan_id = ANY(@pending)", new { pending }))
                    {
                        seen.TryAdd(scan, clock.Elapsed.TotalMilliseconds);
                    }
                }

                await Task.Delay(10);
            }
        });

        // The completions at a steady rate, each sent at its own time whatever the answers before it took.
        var sent = new double[completions];
        var requests = new List<Task>(completions);
        var failed = 0;
        var interval = 1000 / perSecond;
        var start = clock.Elapsed.TotalMilliseconds;
        for (var i = 0; i < completions; i++)
        {
            var due = start + (i * interval);
            var wait = due - clock.Elapsed.TotalMilliseconds;
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }

            // Counted from when the request was due, not from when it went: a late send is part of the wait.
            sent[i] = due;
            var scan = ready[i];
            asked.TryAdd(scan, 0);
            requests.Add(Task.Run(async () =>
            {
                try
                {
                    await api.CompleteAsync(scan);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    Interlocked.Increment(ref failed);
                }
            }));
        }

        var rate = completions / ((clock.Elapsed.TotalMilliseconds - start) / 1000);
        await Task.WhenAll(requests);
        await Eventually.Until(() => Task.FromResult(seen.Count), n => n >= completions - failed, TimeSpan.FromMinutes(2), "every completed scan in reporting's facts");
        await stop.CancelAsync();
        await watcher;

        var latencies = Enumerable.Range(0, completions)
            .Where(i => seen.ContainsKey(ready[i]))
            .Select(i => seen[ready[i]] - sent[i])
            .Order()
            .ToList();
        double At(double quantile) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(quantile * latencies.Count) - 1)];
        var figures = new Figures(completions, rate, At(0.5), At(0.99), latencies[^1], failed);
        await PrintHopsAsync(scansDb, reportingDb, DateTimeOffset.UtcNow - clock.Elapsed + TimeSpan.FromMilliseconds(start));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"freshness: {completions} completions at {rate:F0}/s, completion request to fact p50 {figures.P50:F0} ms, p99 {figures.P99:F0} ms, max {figures.Max:F0} ms, {failed} failed"));
        return figures;
    }
}
