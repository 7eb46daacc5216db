using System.Globalization;
using Dapper;
using Leercultuur.Data;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leercultuur.Benchmarks;

/// <summary>
/// Reporting's memory as operations would see it: the reporting service in a process of its own on the database
/// the scale benchmark filled, ingesting a backlog from RabbitMQ, releasing it, and then answering the query load over HTTP;
/// its resident set read from /proc after, and its peak. The benchmark's own process (seeding, load generator,
/// in-process hosts) is not counted.
/// </summary>
internal static class ReportingProcessBenchmark
{
    public sealed record Figures(long Resident, long Peak);

    public static async Task<Figures> RunAsync(TestDatabase test, int messages)
    {
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        using var reporting = await ServiceProcess.StartAsync(
            "Leercultuur.Reporting",
            broker.Settings().Concat(test.Settings("Reporting:Database")).Concat(
            [
                new("Http:RateLimits:PerCaller:PermitLimit", "1000000"),
                new("Http:RateLimits:Anonymous:PermitLimit", "1000000"),
                new("Reporting:Releases:Interval", "00:00:05"),
            ]));

        await using var connection = await new Database(test.Options).OpenAsync();
        var before = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM inbox_messages");
        using (var publisher = await BusHost.StartAsync(broker.Settings().ToList()))
        {
            var random = new Random(13);
            var bus = publisher.Services.GetRequiredService<IBus>();
            foreach (var chunk in Enumerable.Range(0, messages).Chunk(1000))
            {
                await Task.WhenAll(chunk.Select(_ => bus.Publish(BatchIngest.RandomScan(random))));
            }

            await publisher.StopAsync();
        }

        await Eventually.Until(
            () => connection.ExecuteScalarAsync<long>("SELECT count(*) FROM inbox_messages"),
            n => n - before >= messages,
            TimeSpan.FromMinutes(30),
            "the backlog ingested by the reporting process");

        // Released as the service releases them, then asked for.
        await ReleaseQueue.WaitUntilReleasedAsync(test.Options, TimeSpan.FromMinutes(10));
        using var client = new HttpClient { BaseAddress = reporting.BaseAddress };
        var load = await QueryLoadBenchmark.LoadAsync(client, QueryLoadBenchmark.ThreeWays);
        await QueryLoadBenchmark.LoadAsync(client, QueryLoadBenchmark.ThreeWays, gzip: true);
        var (resident, peak) = reporting.Memory();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reporting in its own process: {messages} messages ingested, three-way query over HTTP {load.PerSecond:F0}/s p99 {load.P99:F1} ms; resident {resident / (1024 * 1024)} MB, peak {peak / (1024 * 1024)} MB"));
        return new Figures(resident, peak);
    }
}
