using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging.Inbox;
using Leercultuur.Reporting;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Testing;

namespace Leercultuur.Benchmarks;

/// <summary>A batch written as <see cref="ScanCompletedBatchConsumer"/> writes it, without the broker; and the scans the benchmarks send.</summary>
internal static class BatchIngest
{
    /// <summary>Organisations locked in one order, inbox rows in one statement, facts read once and written once, the batch's cell changes once.</summary>
    public static Task WriteAsync(Database<ReportingModule> database, Inbox<ReportingModule> inbox, AggregateRepository aggregates, IReadOnlyList<ScanCompletedV2> batch) =>
        database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var scans = batch.OrderBy(s => s.OrganisationId).ToList();
                await database.LockAllAsync(connection, transaction, scans.Select(s => AggregateRepository.OrganisationLock(s.OrganisationId)).Distinct().ToList(), CancellationToken.None);
                await inbox.TryRecordAsync(connection, transaction, scans.Select(_ => Guid.NewGuid()).ToList(), "benchmark", CancellationToken.None);
                var store = await BatchFactStore.LoadAsync(connection, transaction, scans.Select(s => s.OrganisationId).Distinct().ToList(), CancellationToken.None);
                var deltas = new List<CellDelta>();
                foreach (var scan in scans)
                {
                    await aggregates.ApplyInBatchAsync(connection, transaction, store, scan, 3, deltas, CancellationToken.None);
                }

                await aggregates.FlushAsync(connection, transaction, store, CancellationToken.None);
                await aggregates.AddAllAsync(connection, transaction, deltas, CancellationToken.None);
                return true;
            },
            CancellationToken.None);

    /// <summary>A scan spread over every section, size class and province, in 2026-Q1 to Q3.</summary>
    public static ScanCompletedV2 RandomScan(Random random)
    {
        var sections = Reporting.Observations.SbiCorrespondence.Instance.Sections(Reporting.Observations.SbiCorrespondence.Sbi2025);
        return TestEvents.V2(TestEvents.ScanCompleted(
            1 + (random.NextDouble() * 6),
            section: sections[random.Next(sections.Count)].Value,
            sizeClass: Reporting.Observations.ObservationCodes.SizeClasses[random.Next(4)].Value,
            province: Reporting.Observations.ObservationCodes.Provinces[random.Next(12)].Value,
            period: $"2026-Q{1 + random.Next(3)}",
            respondents: random.Next(3, 12)));
    }
}
