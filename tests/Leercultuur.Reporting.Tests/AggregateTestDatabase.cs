using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Reporting.Indicators;
using Leercultuur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leercultuur.Reporting.Tests;

/// <summary>A migrated reporting database with its repositories, and scans applied as a consumer would (m = 3).</summary>
internal static class AggregateTestDatabase
{
    public static (Database<ReportingModule>, AggregateRepository, IndicatorRepository) Setup(TestDatabase test)
    {
        var database = new Database<ReportingModule>(test.Options);
        DatabaseMigrator.Migrate(database, [typeof(ReportingModule).Assembly, typeof(MessagingOptions).Assembly], NullLogger.Instance);
        return (database, new AggregateRepository(database), new IndicatorRepository(database));
    }

    public static Task<ApplyResult> ApplyAsync(Database database, AggregateRepository aggregates, ScanCompleted scan) =>
        database.InTransactionAsync((c, t) => aggregates.ApplyAsync(c, t, scan, minimumRespondents: 3, CancellationToken.None));

    public static Task<ApplyResult> ApplyAsync(Database database, AggregateRepository aggregates, ScanCompletedV2 scan) =>
        database.InTransactionAsync((c, t) => aggregates.ApplyAsync(c, t, scan, minimumRespondents: 3, CancellationToken.None));
}
