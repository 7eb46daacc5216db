using CsCheck;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Reporting.Indicators;
using Leercultuur.Reporting.Observations;
using Leercultuur.Testing;
using Microsoft.Extensions.Options;

namespace Leercultuur.Reporting.Tests.Observations;

/// <summary>
/// For random fact sets: collect every answer the API can give of a release (every grouping, every code
/// and total, both SBI views, national and the programme's, and for a year its quarters too), and try to
/// solve every hidden cell from the shown ones by linear algebra. None may be solvable; every shown figure
/// must be the direct computation from the facts.
/// </summary>
public sealed class DisclosureAttackTests
{
    private static readonly Guid Programme = Guid.Parse("0b5e7c1a-1111-4222-8333-944455556666");

    // Few codes, so cells fill up and the interesting cases (cells of 3 and 4, lone hidden cells) are common.
    // SBI 2025 J and K are one 2008 section (J): the two views are linked tables.
    private static readonly (int SbiVersion, string Section, string In2025)[] Sectors = [(2008, "F", "F"), (2008, "C", "C"), (2025, "J", "J"), (2025, "K", "K")];
    private static readonly string[] Sizes = ["micro", "small"];
    private static readonly string[] Provinces = ["NL-UT", "NL-GE"];

    private sealed record Organisation(int Sector, int Size, int Province, double Mean, int Respondents, bool InProgramme, int Quarter, int Again = 0)
    {
        /// <summary>The quarter of a second scan of the same year (0: none); the year counts the later one.</summary>
        public int SecondQuarter => Again > Quarter && Again <= 4 ? Again : 0;

        public string Section2025 => Sectors[Sector].In2025;
    }

    private static readonly Gen<Organisation[]> Organisations =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1], Gen.Int[0, 1], Gen.Int[100, 700], Gen.Int[3, 12], Gen.Int[0, 9], Gen.Int[1, 4], Gen.Int[0, 8])
            .Select(t => new Organisation(t.Item1, t.Item2, t.Item3, t.Item4 / 100.0, t.Item5, t.Item6 < 3, t.Item7, t.Item8))
            .Array[5, 60];

    [Fact]
    public async Task No_hidden_cell_of_a_quarter_follows_from_every_answer_the_API_gives_and_every_shown_figure_is_the_direct_computation()
    {
        var cases = 0;
        await Organisations.SampleAsync(
            async organisations =>
            {
                cases++;
                await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
                var (database, release, reader) = await IngestAsync(test, organisations, quarterly: false);
                await release.ReleaseAsync(TestEvents.Instrument, 1, "2025-Q1", CancellationToken.None);

                foreach (var family in new[] { ObservationRow.National, Programme.ToString("D") })
                {
                    var rows = await EveryAnswerAsync(reader, "2025-Q1", family);
                    var members = organisations.Where(o => family == ObservationRow.National || o.InProgramme).ToList();
                    var attacker = new LinearAttacker(Atoms.Count);
                    foreach (var row in rows.Where(r => r.Status == ObservationRow.Published))
                    {
                        attacker.Learn(AtomsOf(row));

                        // Shown figures are the direct computation over the organisations in the cell.
                        var inCell = members.Where(o => AtomsOf(row).Contains(AtomIndex(o))).ToList();
                        Assert.Equal(inCell.Count, row.Organisations);
                        Assert.Equal(inCell.Sum(o => o.Respondents), row.Respondents);
                        RoundedAssert.Equal(inCell.Average(o => o.Mean), row.Mean!.Value);
                        Assert.True(inCell.Count >= 5, "a shown cell holds at least k organisations");
                    }

                    foreach (var row in rows.Where(r => r.Status != ObservationRow.Published))
                    {
                        Assert.Null(row.Mean);
                        Assert.Null(row.Organisations);
                        Assert.False(attacker.Solves(AtomsOf(row)), $"hidden cell {row.Sector}/{row.SizeClass}/{row.Province} (view {row.SectorView}, {family}) follows from the shown ones");
                    }
                }
            },
            iter: 8,
            threads: 1);
        Assert.Equal(8, cases);
    }

    [Fact]
    public async Task No_hidden_cell_of_the_all_respondents_or_a_role_table_follows_from_every_answer_even_where_a_role_figure_is_the_organisation_s_own()
    {
        await Gen.Select(Organisations, Gen.Int[0, 2].Array[60]).SampleAsync(
            async sample =>
            {
                var (organisations, roleSets) = sample;
                await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
                var (_, release, reader) = await IngestAsync(test, organisations, quarterly: false, roleSets);
                await release.ReleaseAsync(TestEvents.Instrument, 1, "2025-Q1", CancellationToken.None);

                // Unknowns per atom and set of roles (none, managers, managers and employees): an all-respondents
                // cell is all of its atoms' parts, a role's cell the parts whose set holds the role, each
                // organisation with the same figure in both. (Which parts hold nobody the attacker does not know:
                // the API never says whether a cell is empty. The rule that a role cell is hidden beside a hidden
                // all-respondents cell guards against an insider who knows it; ObservationsApiTests holds that case.)
                var attacker = new LinearAttacker(3 * Atoms.Count);
                var answers = new List<(ObservationRow Row, int[] Unknowns)>();
                foreach (var row in await EveryAnswerAsync(reader, "2025-Q1", ObservationRow.National, [ObservationCodes.Total, .. RoleNames]))
                {
                    var sets = row.Role == ObservationCodes.Total ? [0, 1, 2] : row.Role == RoleNames[0] ? new[] { 1, 2 } : [2];
                    answers.Add((row, AtomsOf(row).SelectMany(a => sets.Select(set => a + (set * Atoms.Count))).ToArray()));
                }

                foreach (var (_, unknowns) in answers.Where(a => a.Row.Status == ObservationRow.Published))
                {
                    attacker.Learn(unknowns);
                }

                foreach (var (row, unknowns) in answers.Where(a => a.Row.Status != ObservationRow.Published))
                {
                    Assert.False(attacker.Solves(unknowns), $"hidden cell {row.Role} {row.Sector}/{row.SizeClass}/{row.Province} (view {row.SectorView}) follows from the shown ones");
                }
            },
            iter: 4,
            threads: 1);
    }

    [Fact]
    public async Task A_year_shown_beside_its_quarters_gives_no_hidden_quarter_or_year_cell_away_also_where_organisations_scanned_twice()
    {
        await Organisations.SampleAsync(
            async organisations =>
            {
                await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
                var (_, release, reader) = await IngestAsync(test, organisations, quarterly: true);
                foreach (var period in new[] { "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2025" })
                {
                    await release.ReleaseAsync(TestEvents.Instrument, 1, period, CancellationToken.None);
                }

                // The attacker knows the exact relation: a quarter cell is the scans that count for the year plus those a
                // later scan replaced; a year cell is the counted scans of its quarters. It even knows where replaced
                // scans sit (the strongest attacker): only there are they unknowns.
                var replaced = Enumerable.Range(1, 4).Select(q => organisations.Where(o => o.Quarter == q && o.SecondQuarter > 0).Select(AtomIndex).ToHashSet()).ToArray();
                var attacker = new LinearAttacker(8 * Atoms.Count);
                var answers = new List<(ObservationRow Row, int[] Unknowns)>();
                for (var q = 1; q <= 5; q++)
                {
                    var period = q <= 4 ? $"2025-Q{q}" : "2025";
                    foreach (var row in await EveryAnswerAsync(reader, period, ObservationRow.National))
                    {
                        var atoms = AtomsOf(row);
                        int[] unknowns = q <= 4
                            ? atoms.Select(a => a + ((q - 1) * Atoms.Count)).Concat(atoms.Where(replaced[q - 1].Contains).Select(a => a + ((3 + q) * Atoms.Count))).ToArray()
                            : Enumerable.Range(0, 4).SelectMany(b => atoms.Select(a => a + (b * Atoms.Count))).ToArray();
                        answers.Add((row, unknowns));
                    }
                }

                foreach (var (row, unknowns) in answers.Where(a => a.Row.Status == ObservationRow.Published))
                {
                    attacker.Learn(unknowns);
                }

                foreach (var (row, unknowns) in answers.Where(a => a.Row.Status != ObservationRow.Published))
                {
                    Assert.False(attacker.Solves(unknowns), $"hidden cell {row.Period} {row.Sector}/{row.SizeClass}/{row.Province} (view {row.SectorView}) follows from the shown ones");
                }

                AssertNoYearRemainderIsolatesFewThanK(organisations, answers.Select(a => a.Row).ToList());
            },
            iter: 3,
            threads: 1);
    }

    [Fact]
    public async Task A_year_minus_its_shown_quarters_never_isolates_fewer_than_k_organisations()
    {
        // a–e scan in Q1 and again in Q4, f–i in Q2 and Q4, j only in Q2, five others only in Q3: every quarter
        // has at least five, the year fifteen, and the year minus Q3 and Q4 would be j alone.
        var organisations = Enumerable.Range(0, 5).Select(_ => new Organisation(1, 1, 0, 4, 3, false, 1, 4))
            .Concat(Enumerable.Range(0, 4).Select(_ => new Organisation(1, 1, 0, 5, 3, false, 2, 4)))
            .Append(new Organisation(1, 1, 0, 6.5, 3, false, 2))
            .Concat(Enumerable.Range(0, 5).Select(_ => new Organisation(1, 1, 0, 3, 3, false, 3)))
            .ToArray();
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (_, release, reader) = await IngestAsync(test, organisations, quarterly: true);
        var rows = new List<ObservationRow>();
        foreach (var period in new[] { "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2025" })
        {
            await release.ReleaseAsync(TestEvents.Instrument, 1, period, CancellationToken.None);
            rows.AddRange(await EveryAnswerAsync(reader, period, ObservationRow.National));
        }

        Assert.All(rows.Where(r => r.Period != "2025" && r.Sector == "C" && r.SizeClass == "small" && r.Province == "NL-UT"), r => Assert.Equal(ObservationRow.Published, r.Status));
        AssertNoYearRemainderIsolatesFewThanK(organisations, rows);
    }

    /// <summary>
    /// For every cell shown for the year and every set of its shown quarters: the year minus those quarters
    /// is the organisations counting for the year in the other quarters plus those replaced in the subtracted
    /// ones; that group must be empty or hold at least k.
    /// </summary>
    private static void AssertNoYearRemainderIsolatesFewThanK(IReadOnlyList<Organisation> organisations, IReadOnlyList<ObservationRow> rows)
    {
        var shown = rows.Where(r => r.Status == ObservationRow.Published).Select(r => (r.Period, r.SectorView, r.Sector, r.SizeClass, r.Province)).ToHashSet();
        foreach (var year in rows.Where(r => r.Period == "2025" && r.Status == ObservationRow.Published))
        {
            var atoms = AtomsOf(year);
            var inCell = organisations.Where(o => atoms.Contains(AtomIndex(o))).ToList();
            for (var mask = 1; mask < 16; mask++)
            {
                var quarters = Enumerable.Range(1, 4).Where(q => (mask & (1 << (q - 1))) != 0).ToList();
                if (quarters.Any(q => !shown.Contains(($"2025-Q{q}", year.SectorView, year.Sector, year.SizeClass, year.Province))))
                {
                    continue;
                }

                var group = inCell.Count(o => !quarters.Contains(o.SecondQuarter > 0 ? o.SecondQuarter : o.Quarter))
                    + inCell.Count(o => o.SecondQuarter > 0 && quarters.Contains(o.Quarter));
                Assert.False(group is > 0 and < 5, $"2025 minus {string.Join(", ", quarters.Select(q => $"Q{q}"))} of {year.Sector}/{year.SizeClass}/{year.Province} isolates {group} organisation(s)");
            }
        }
    }

    [Fact]
    public void A_sector_by_size_table_of_nine_cells_of_three_cannot_be_undone_with_the_sector_and_size_totals()
    {
        // The linked-table case: 3 sectors × 3 sizes, 3 organisations each. Every inner cell is below k; the
        // margins (9 each) are shown. With one inner cell hidden per row and column nothing else would need
        // to hide, but here all nine are hidden, and a lone shown margin must not pin any of them.
        var geometry = TableGeometry.Instance;
        var members = new List<ReleaseMember>();
        foreach (var section in new[] { "C", "F", "G" })
        {
            foreach (var size in new[] { "micro", "small", "medium" })
            {
                for (var i = 0; i < 3; i++)
                {
                    members.Add(new ReleaseMember(Guid.NewGuid(), section, size, "NL-UT", 3, new Dictionary<string, double> { ["d"] = 4 }, new Dictionary<string, double>(), []));
                }
            }
        }

        var figures = new TableFigures(geometry, members, "d");
        var primary = Enumerable.Range(0, geometry.CellCount).Select(c => SuppressionPattern.Primary(figures.Organisations[c], figures.Respondents[c], figures.Largest[c], 5, 0.5)).ToArray();
        var reasons = SuppressionPattern.Protect(Enumerable.Range(0, geometry.CellCount).Select(c => new SystemCell(geometry.Atoms[c], figures.Organisations[c], primary[c])).ToList(), geometry.Lines, geometry.AtomCount, 5, 0.5)!;

        var attacker = new LinearAttacker(geometry.AtomCount);
        foreach (var cell in Enumerable.Range(0, geometry.CellCount).Where(c => reasons[c] is null))
        {
            attacker.Learn(geometry.Atoms[cell]);
        }

        var inner = Enumerable.Range(0, geometry.CellCount).Where(c => figures.Organisations[c] == 3).ToList();
        Assert.NotEmpty(inner);
        Assert.All(inner, c => Assert.NotNull(reasons[c]));
        Assert.All(Enumerable.Range(0, geometry.CellCount).Where(c => reasons[c] is not null), c => Assert.False(attacker.Solves(geometry.Atoms[c])));

        // The national total (27) and some margins are shown: protection did not simply hide everything.
        Assert.Contains(Enumerable.Range(0, geometry.CellCount), c => reasons[c] is null && figures.Organisations[c] == 27);
    }

    [Fact]
    public void Without_secondary_suppression_the_attacker_does_recover_a_hidden_cell()
    {
        // The attack works: a table protected by the primary rule alone gives a hidden cell away, here
        // through the link between the SBI views (2008 J is 2025 J and K together).
        var geometry = TableGeometry.Instance;
        var members = new List<ReleaseMember>();
        foreach (var (section, count) in new[] { ("J", 6), ("K", 3) })
        {
            for (var i = 0; i < count; i++)
            {
                members.Add(new ReleaseMember(Guid.NewGuid(), section, "small", "NL-UT", 3, new Dictionary<string, double> { ["d"] = 4 }, new Dictionary<string, double>(), []));
            }
        }

        var figures = new TableFigures(geometry, members, "d");
        var attacker = new LinearAttacker(geometry.AtomCount);
        var shown = Enumerable.Range(0, geometry.CellCount).Where(c => SuppressionPattern.Primary(figures.Organisations[c], figures.Respondents[c], figures.Largest[c], 5, 0.5) is null).ToList();
        foreach (var cell in shown)
        {
            attacker.Learn(geometry.Atoms[cell]);
        }

        var k = geometry.Cell(new CellKey(2025, "K", ObservationCodes.Total, ObservationCodes.Total));
        Assert.DoesNotContain(k, shown);
        Assert.True(attacker.Solves(geometry.Atoms[k]), "K (2025) = J (2008) − J (2025), with only the primary rule");
    }

    // The full code space, enumerated here from the code lists, not taken from the service's geometry.
    private static readonly List<(string Section, string Size, string Province)> Atoms =
        SbiCorrespondence.Instance.Sections2025.Select(s => s.Value)
            .SelectMany(s => ObservationCodes.SizeClasses.Select(z => z.Value).SelectMany(z => ObservationCodes.Provinces.Select(p => (s, z, p.Value))))
            .ToList();

    private static int AtomIndex(Organisation o) => Atoms.IndexOf((o.Section2025, Sizes[o.Size], Provinces[o.Province]));

    private static HashSet<int> AtomsOf(ObservationRow row) =>
        Enumerable.Range(0, Atoms.Count).Where(i =>
        {
            var (section, size, province) = Atoms[i];
            var sector = row.SectorView == SbiCorrespondence.Sbi2008 ? SbiCorrespondence.Instance.In2008View(section) : section;
            return (row.Sector == ObservationCodes.Total || row.Sector == sector)
                && (row.SizeClass == ObservationCodes.Total || row.SizeClass == size)
                && (row.Province == ObservationCodes.Total || row.Province == province);
        }).ToHashSet();

    /// <param name="roleSets">Per organisation, which roles its scan has figures for: 0 none, 1 managers, 2 managers and employees.</param>
    private static async Task<(Database<ReportingModule>, ReleaseBuilder, ObservationReader)> IngestAsync(TestDatabase test, IEnumerable<Organisation> organisations, bool quarterly, IReadOnlyList<int>? roleSets = null)
    {
        var (database, aggregates, _) = AggregateTestDatabase.Setup(test);
        var completed = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var index = -1;
        foreach (var o in organisations)
        {
            index++;
            var organisationId = Guid.NewGuid();
            var (sbi, section, _) = Sectors[o.Sector];
            var scan = TestEvents.ScanCompleted(
                o.Mean,
                section: section,
                sizeClass: Sizes[o.Size],
                province: Provinces[o.Province],
                period: quarterly ? $"2025-Q{o.Quarter}" : "2025-Q1",
                respondents: o.Respondents,
                organisationId: organisationId,
                completedAt: completed.AddDays(o.Quarter),
                programmes: o.InProgramme ? [Programme] : []) with
            {
                Sector = new SectorClassification { SbiVersion = sbi, SbiCode = sbi == 2025 ? (section == "K" ? "62010" : "58110") : "0000", Section = section },
            };
            var v2 = TestEvents.V2(scan);
            if (roleSets is not null)
            {
                // The worst case for the attacker's model: every role's mean is the organisation's own.
                v2 = v2 with { Roles = RoleNames.Take(roleSets[index]).Select(r => new RoleScores { Role = r, RespondentCount = o.Respondents, Scores = v2.Scores }).ToList() };
            }

            await AggregateTestDatabase.ApplyAsync(database, aggregates, v2);
            if (quarterly && o.SecondQuarter > 0)
            {
                // A second scan later in the year: its quarter has both, the year only this one.
                var again = scan with { ScanId = Guid.NewGuid(), Period = $"2025-Q{o.SecondQuarter}", CompletedAt = completed.AddDays(10 + o.SecondQuarter), Scores = [.. scan.Scores.Select(x => x with { Mean = Math.Min(7, x.Mean + 0.5) })] };
                await AggregateTestDatabase.ApplyAsync(database, aggregates, TestEvents.V2(again));
            }
        }

        return (database, new ReleaseBuilder(database, Options.Create(new DisclosureOptions()), TimeProvider.System), new ObservationReader(database, new Aggregation.InstrumentVersions(database)));
    }

    private static readonly string[] RoleNames = ["manager", "employee"];

    /// <summary>Every row any query can give of a period and family: all codes and totals of every dimension, both SBI views.</summary>
    private static async Task<List<ObservationRow>> EveryAnswerAsync(ObservationReader reader, string period, string family, IReadOnlyList<string>? roles = null)
    {
        var rows = new List<ObservationRow>();
        var parsed = Period.Parse(period);
        foreach (var view in new[] { SbiCorrespondence.Sbi2025, SbiCorrespondence.Sbi2008 })
        {
            var query = new ObservationQuery(
                TestEvents.Instrument,
                [],
                roles ?? [ObservationCodes.Total],
                family == ObservationRow.National ? ["sector", "sizeClass", "province"] : ["sector", "sizeClass", "province", "programme"],
                SbiCorrespondence.Instance.Sections(view).Select(s => s.Value).Append(ObservationCodes.Total).ToList(),
                ObservationCodes.SizeClasses.Select(s => s.Value).Append(ObservationCodes.Total).ToList(),
                ObservationCodes.Provinces.Select(s => s.Value).Append(ObservationCodes.Total).ToList(),
                family == ObservationRow.National ? [] : [Guid.Parse(family)],
                view,
                parsed,
                parsed,
                null);
            var result = await reader.ReadAsync(query, family == ObservationRow.National ? [] : [family], CancellationToken.None);
            Assert.False(result.TooMany);
            rows.AddRange(result.Rows);
        }

        Assert.DoesNotContain(rows, r => r.Status == ObservationRow.Provisional);
        return rows;
    }
}
