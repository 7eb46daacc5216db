using Dapper;
using Leercultuur.Data;
using Leercultuur.Messaging.Inbox;
using Leercultuur.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Leercultuur.Messaging.Tests;

public sealed class InboxRetentionTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Ids_older_than_the_retention_are_forgotten_in_batches_and_younger_ones_kept(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await MessagingHost.MigrateAsync(test);
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var database = new Database<TestOwner>(test.Options);
        var inbox = new Inbox<TestOwner>(database, clock);
        var options = new MessagingOptions { Inbox = { Retention = TimeSpan.FromDays(30), CleanupBatchSize = 3 } };
        var cleaner = new InboxCleaner<TestOwner>(database, Options.Create(options), clock, NullLogger<InboxCleaner<TestOwner>>.Instance);

        for (var day = 0; day < 40; day++)
        {
            await inbox.ProcessOnceAsync(Guid.NewGuid(), "test", (_, _) => Task.CompletedTask, CancellationToken.None);
            clock.Advance(TimeSpan.FromDays(1));
        }

        // Now is day 40: the ids of days 0..9 are older than 30 days.
        Assert.Equal(10, await cleaner.CleanAsync(CancellationToken.None));
        Assert.Equal(0, await cleaner.CleanAsync(CancellationToken.None));
        await using var connection = await database.OpenAsync();
        Assert.Equal(30, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM inbox_messages"));
    }
}
