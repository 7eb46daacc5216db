using CsCheck;
using Leercultuur.Reporting.Indicators;
using Leercultuur.Reporting.Observations;

namespace Leercultuur.Reporting.Tests.Observations;

/// <summary>The aggregation maths against direct computation on random data.</summary>
public sealed class StatisticsPropertyTests
{
    private static readonly Gen<double[]> Scores = Gen.Double[0.0, 100.0].Array[1, 200];

    [Fact]
    public void Quartiles_read_from_the_histogram_are_within_half_a_point_of_the_exact_type_7_quartiles()
    {
        Scores.Sample(scores =>
        {
            var histogram = new int[ScoreHistogram.Bins];
            foreach (var score in scores)
            {
                histogram[ScoreHistogram.Bin(score)]++;
            }

            foreach (var p in new[] { 0.25, 0.5, 0.75 })
            {
                var exact = Type7(scores, p);
                var read = ScoreHistogram.Quantile(histogram, p)!.Value;
                Assert.True(Math.Abs(read - exact) <= 0.5 + 1e-9, $"p{p * 100}: {read} from the histogram, {exact} exactly");
            }
        });
    }

    [Fact]
    public void Mean_standard_deviation_and_interval_from_sums_equal_the_direct_computation()
    {
        Gen.Double[1.0, 7.0].Array[2, 300].Sample(means =>
        {
            var n = means.Length;
            var sum = means.Sum();
            var squares = means.Sum(m => m * m);
            var mean = means.Average();
            var sd = Math.Sqrt(means.Sum(m => (m - mean) * (m - mean)) / (n - 1));

            Assert.Equal(mean, Statistics.Mean(n, sum), 9);
            Assert.Equal(sd, Statistics.StandardDeviation(n, sum, squares)!.Value, 6);
            var (lower, upper) = Statistics.ConfidenceInterval95(n, mean, sd)!.Value;
            Assert.Equal(mean, (lower + upper) / 2, 9);
            var t = n - 1 <= 30 ? new[] { 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042 }[n - 2] : 1.96;
            Assert.Equal(t * sd / Math.Sqrt(n), upper - mean, 6);
        });
    }

    [Fact]
    public void Cells_from_random_members_equal_the_direct_computation_for_every_cell()
    {
        var geometry = TableGeometry.Instance;
        var sections = new[] { "C", "F", "J", "K" };
        var member = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 11], Gen.Double[1.0, 7.0], Gen.Int[3, 30], Gen.Double[0.0, 100.0])
            .Select(t => new ReleaseMember(Guid.NewGuid(), sections[t.Item1], ObservationCodes.SizeClasses[t.Item2].Value, ObservationCodes.Provinces[t.Item3].Value, t.Item5,
                new Dictionary<string, double> { ["d"] = t.Item4 }, new Dictionary<string, double> { ["d"] = t.Item6 }, []));
        member.Array[1, 80].Sample(members =>
        {
            var figures = new TableFigures(geometry, members, "d");
            for (var cell = 0; cell < geometry.CellCount; cell++)
            {
                var key = geometry.Keys[cell];
                var inCell = members.Where(m =>
                        (key.Sector == ObservationCodes.Total || SbiCorrespondence.Instance.InView(key.View, m.Section) == key.Sector)
                        && (key.Size == ObservationCodes.Total || m.SizeClass == key.Size)
                        && (key.Province == ObservationCodes.Total || m.Province == key.Province))
                    .ToList();
                Assert.Equal(inCell.Count, figures.Organisations[cell]);
                Assert.Equal(inCell.Sum(m => m.Respondents), figures.Respondents[cell]);
                Assert.Equal(inCell.Count == 0 ? 0 : inCell.Max(m => m.Respondents), figures.Largest[cell]);
                Assert.Equal(inCell.Sum(m => m.Means["d"]), figures.Sum[cell], 9);
            }
        }, iter: 40);
    }

    private static double Type7(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        var h = (sorted.Length - 1) * p;
        var lower = (int)Math.Floor(h);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((h - lower) * (sorted[upper] - sorted[lower]));
    }
}
