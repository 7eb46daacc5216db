using CsCheck;
using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Testing;

namespace Leercultuur.Reporting.Tests;

/// <summary>
/// The batch consumer reads a batch's organisations once, applies the messages in memory and writes what
/// changed once (<see cref="BatchFactStore"/>). For random streams of scans (teams, replacements, late and
/// repeated scans, quarters and years) cut into random batches, the facts, contributions, year
/// contributions and cells must be exactly those of the same scans applied one at a time.
/// </summary>
public sealed class BatchStorePropertyTests
{
    private static readonly string[] Teams = ["", "a", "b"];
    private static readonly string[] Periods = ["2025-Q1", "2025-Q2", "2025"];

    private sealed record Step(int Organisation, int Team, int Period, int Minutes, int Respondents, int Mean, bool Repeat);

    private static readonly Gen<(Step[] Steps, int[] Cuts)> Streams = Gen.Select(
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 600], Gen.Int[1, 6], Gen.Int[10, 70], Gen.Int[0, 5])
            .Select(t => new Step(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7 == 0))
            .Array[5, 60],
        Gen.Int[1, 25].Array[1, 10]);

    [Fact]
    public async Task Scans_applied_in_random_batches_leave_exactly_the_rows_of_the_same_scans_applied_one_at_a_time()
    {
        await Streams.SampleAsync(
            async stream =>
            {
                var organisations = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToList();
                var start = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);
                var scans = new List<ScanCompletedV2>();
                foreach (var step in stream.Steps)
                {
                    // A repeat is a scan seen before arriving again (another delivery, or the same scan late).
                    if (step.Repeat && scans.Count > 0)
                    {
                        scans.Add(scans[step.Minutes % scans.Count]);
                        continue;
                    }

                    scans.Add(TestEvents.V2(
                        TestEvents.ScanCompleted(step.Mean / 10.0, section: step.Organisation % 2 == 0 ? "C" : "F", period: Periods[step.Period], respondents: step.Respondents, organisationId: organisations[step.Organisation], completedAt: start.AddMinutes(step.Minutes)),
                        team: Teams[step.Team]));
                }

                await using var oneByOne = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
                var (single, singleAggregates, _) = AggregateTestDatabase.Setup(oneByOne);
                foreach (var scan in scans)
                {
                    await AggregateTestDatabase.ApplyAsync(single, singleAggregates, scan);
                }

                await using var batched = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
                var (batch, batchAggregates, _) = AggregateTestDatabase.Setup(batched);
                var at = 0;
                for (var cut = 0; at < scans.Count; cut++)
                {
                    var size = stream.Cuts[cut % stream.Cuts.Length];
                    var part = scans.Skip(at).Take(size).ToList();
                    at += part.Count;
                    await batch.InTransactionAsync(
                        async (connection, transaction) =>
                        {
                            var store = await BatchFactStore.LoadAsync(connection, transaction, part.Select(s => s.OrganisationId).Distinct().ToList(), CancellationToken.None);
                            var deltas = new List<CellDelta>();
                            foreach (var scan in part)
                            {
                                await batchAggregates.ApplyInBatchAsync(connection, transaction, store, scan, 3, deltas, CancellationToken.None);
                            }

                            await batchAggregates.FlushAsync(connection, transaction, store, CancellationToken.None);
                            await batchAggregates.AddAllAsync(connection, transaction, deltas, CancellationToken.None);
                            return true;
                        },
                        CancellationToken.None);
                }

                foreach (var table in new[] { "team_facts", "contributions", "year_contributions" })
                {
                    Assert.Equal(await RowsAsync(single, table), await RowsAsync(batch, table));
                }

                Assert.Equal(await CellsAsync(single), await CellsAsync(batch));
            },
            iter: 25,
            threads: 1);
    }

    [Fact]
    public async Task A_scan_of_an_organisation_the_batch_did_not_load_is_refused_not_counted_as_new()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (database, aggregates, _) = AggregateTestDatabase.Setup(test);
        var scan = TestEvents.V2(TestEvents.ScanCompleted(4));
        await Assert.ThrowsAsync<InvalidOperationException>(() => database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var store = await BatchFactStore.LoadAsync(connection, transaction, [Guid.NewGuid()], CancellationToken.None);
                return await aggregates.ApplyInBatchAsync(connection, transaction, store, scan, 3, [], CancellationToken.None);
            },
            CancellationToken.None));
    }

    private static async Task<List<string>> RowsAsync(Database database, string table)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync(
            $"SELECT * FROM {table} ORDER BY organisation_id, instrument_key, instrument_version, period" + (table == "team_facts" ? ", team" : ""));
        return rows.Select(r => string.Join('|', ((IDictionary<string, object?>)r).Select(kv => $"{kv.Key}={kv.Value}"))).ToList();
    }

    // Sums rounded: cells are sums of floating-point figures, added in batch order or message order.
    private static async Task<List<string>> CellsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(string Period, string Dimension, string Section, long Organisations, long Respondents, double Sum, double Squares)>(
            "SELECT period, dimension, sector_section, organisations, respondents, sum_of_means, sum_of_squares FROM aggregate_cells ORDER BY period, dimension, sector_section, size_class, province");
        return rows.Select(r => $"{r.Period}|{r.Dimension}|{r.Section}|{r.Organisations}|{r.Respondents}|{Math.Round(r.Sum, 9)}|{Math.Round(r.Squares, 9)}").ToList();
    }
}
