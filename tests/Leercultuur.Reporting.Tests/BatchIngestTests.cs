using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.Reporting.Tests;

/// <summary>Completed scans taken in batches over a real RabbitMQ into PostgreSQL: every message once, whatever batch it lands in.</summary>
public sealed class BatchIngestTests
{
    [Fact]
    public async Task The_batch_queue_gets_a_prefetch_that_fills_every_concurrent_batch_and_other_queues_the_general_one()
    {
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var queue = ScanCompletedBatchConsumerDefinition.QueueName;

        // Batches of 150, two at once: 300, more than the general prefetch of 128, which MassTransit raises the
        // batch queue's to (with less, the second batch could not fill and would wait out the time limit).
        await using var host = new ServiceFactory<Program>(broker.Settings().Concat(database.Settings("Reporting:Database")).Append(new("Reporting:Ingest:BatchSize", "150")));
        await host.CreateReadyClientAsync();
        var prefetch = await Eventually.Until(() => broker.PrefetchByQueueAsync(), p => p.ContainsKey(queue) && p.ContainsKey("reporting-scan-completed"), what: "the consumers");

        Assert.Equal(300, prefetch[queue]);
        Assert.Equal(128, prefetch["reporting-scan-completed"]);
    }

    [Fact]
    public async Task Duplicates_and_an_organisation_s_later_scan_in_the_same_or_a_later_batch_count_once_and_as_the_latest()
    {
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using var host = new ServiceFactory<Program>(broker.Settings().Concat(database.Settings("Reporting:Database")).Concat(
        [
            new("Reporting:Ingest:BatchSize", "10"),
            new("Reporting:Ingest:BatchTimeLimit", "00:00:00.050"),
        ]));
        await host.CreateReadyClientAsync();
        var bus = host.Services.GetRequiredService<IBus>();

        // 40 organisations in two sectors; every fifth message is sent twice at once (inside a batch).
        var messages = Enumerable.Range(0, 40)
            .Select(i => (Id: NewId.NextGuid(), Message: TestEvents.V2(TestEvents.ScanCompleted(1.0 + i % 6, section: i % 2 == 0 ? "C" : "F"))))
            .ToList();
        // The first five organisations also complete a later scan (mean + 1), sent right behind the first:
        // mostly in the same batch, so the batch replaces its own change.
        var later = messages.Take(5)
            .Select(m => (Id: NewId.NextGuid(), Message: m.Message with { ScanId = Guid.NewGuid(), CompletedAt = m.Message.CompletedAt.AddMinutes(1), Scores = [m.Message.Scores[0] with { Mean = m.Message.Scores[0].Mean + 1 }] }))
            .ToList();
        for (var i = 0; i < messages.Count; i++)
        {
            var (id, message) = messages[i];
            await bus.Publish(message, context => context.MessageId = id);
            if (i % 5 == 0)
            {
                await bus.Publish(message, context => context.MessageId = id);
            }

            if (i < later.Count)
            {
                await bus.Publish(later[i].Message, context => context.MessageId = later[i].Id);
            }
        }

        await Eventually.Until(() => InboxCountAsync(database), n => n == 45, TimeSpan.FromSeconds(60), "all forty-five messages in the inbox");

        // The first ten again, after their batches committed: nothing changes.
        foreach (var (id, message) in messages.Take(10))
        {
            await bus.Publish(message, context => context.MessageId = id);
        }

        await Eventually.Until(() => broker.MessagesInAsync("reporting-scan-completed-v2"), n => n == 0, TimeSpan.FromSeconds(30), "the repeats to be consumed");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await using var connection = await new Database(database.Options).OpenAsync();
        var cells = (await connection.QueryAsync<(string Section, long Organisations, double Sum)>(
            "SELECT sector_section, organisations, sum_of_means FROM aggregate_cells WHERE period = '2026-Q4' ORDER BY sector_section")).ToList();
        double Final(int i) => messages[i].Message.Scores[0].Mean + (i < later.Count ? 1 : 0);
        Assert.Equal(
            [("C", 20L, Enumerable.Range(0, 40).Where(i => i % 2 == 0).Sum(Final)), ("F", 20L, Enumerable.Range(0, 40).Where(i => i % 2 == 1).Sum(Final))],
            cells.Select(c => (c.Section, c.Organisations, Math.Round(c.Sum, 9))));
        Assert.Equal(45, await InboxCountAsync(database));
        Assert.Equal(40, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM team_facts"));
    }

    private static async Task<int> InboxCountAsync(TestDatabase database)
    {
        await using var connection = await new Database(database.Options).OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM inbox_messages WHERE consumer = @consumer", new { consumer = ScanCompletedBatchConsumer.InboxName });
    }
}
