using System.Diagnostics;
using System.Globalization;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging;
using Leercultuur.Messaging.Inbox;
using Leercultuur.Reporting;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leercultuur.Benchmarks;

/// <summary>The standalone host: how long it takes from process start to ready, and how fast its reporting ingests into SQLite.</summary>
internal static class StandaloneBenchmark
{
    /// <summary>Seconds from starting the process (fresh SQLite files, so migrations included) to /health/ready answering 200.</summary>
    public static async Task<double> ColdStartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("leercultuur-bench-");
        try
        {
            var clock = Stopwatch.StartNew();
            using var host = await ServiceProcess.StartAsync(
                "Leercultuur.Standalone",
                [
                    new("Organisations:Database:ConnectionString", $"Data Source={Path.Combine(folder.FullName, "organisations.db")}"),
                    new("Scans:Database:ConnectionString", $"Data Source={Path.Combine(folder.FullName, "scans.db")}"),
                    new("Reporting:Database:ConnectionString", $"Data Source={Path.Combine(folder.FullName, "reporting.db")}"),
                ]);
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"standalone cold start to ready: {seconds:F2} s"));
            return seconds;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Scans per second into SQLite, in batches of 100 written as the batch consumer writes them.</summary>
    public static async Task<double> IngestAsync(int batches)
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var database = new Database<ReportingModule>(test.Options);
        DatabaseMigrator.Migrate(database, [typeof(ReportingModule).Assembly, typeof(MessagingOptions).Assembly], NullLogger.Instance);
        var inbox = new Inbox<ReportingModule>(database, TimeProvider.System);
        var aggregates = new AggregateRepository(database);
        var random = new Random(5);
        var batch = await Measurement.RunAsync("standalone ingest: batch of 100 into SQLite", "Sqlite", batches, _ =>
            BatchIngest.WriteAsync(database, inbox, aggregates, Enumerable.Range(0, 100).Select(_ => BatchIngest.RandomScan(random)).ToList()), warmup: 3);
        var rate = 100 / (batch.MedianMicroseconds / 1_000_000);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"standalone ingest into SQLite: {rate:F0} scans/s"));
        return rate;
    }
}
