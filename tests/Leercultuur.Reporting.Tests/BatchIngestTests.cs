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
    public async Task Duplicates_inside_a_batch_and_across_batches_count_once()
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
        foreach (var (id, message) in messages)
        {
            await bus.Publish(message, context => context.MessageId = id);
            if (messages.IndexOf((id, message)) % 5 == 0)
            {
                await bus.Publish(message, context => context.MessageId = id);
            }
        }

        await Eventually.Until(() => InboxCountAsync(database), n => n == 40, TimeSpan.FromSeconds(60), "all forty messages in the inbox");

        // The first ten again, after their batches committed: nothing changes.
        foreach (var (id, message) in messages.Take(10))
        {
            await bus.Publish(message, context => context.MessageId = id);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await using var connection = await new Database(database.Options).OpenAsync();
        var cells = (await connection.QueryAsync<(string Section, long Organisations, double Sum)>(
            "SELECT sector_section, organisations, sum_of_means FROM aggregate_cells ORDER BY sector_section")).ToList();
        Assert.Equal(
            [("C", 20L, messages.Where((_, i) => i % 2 == 0).Sum(m => m.Message.Scores[0].Mean)), ("F", 20L, messages.Where((_, i) => i % 2 == 1).Sum(m => m.Message.Scores[0].Mean))],
            cells.Select(c => (c.Section, c.Organisations, Math.Round(c.Sum, 9))));
        Assert.Equal(40, await InboxCountAsync(database));
        Assert.Equal(40, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM team_facts"));
    }

    private static async Task<int> InboxCountAsync(TestDatabase database)
    {
        await using var connection = await new Database(database.Options).OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM inbox_messages WHERE consumer = @consumer", new { consumer = ScanCompletedBatchConsumer.InboxName });
    }
}
