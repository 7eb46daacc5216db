namespace Leercultuur.Reporting.Observations;

/// <summary>
/// A fixed-bin histogram of organisations' 0–100 scores: 100 bins one point wide, additive like the other
/// cell figures, from which medians and quartiles are read without keeping the scores themselves.
/// </summary>
public static class ScoreHistogram
{
    public const int Bins = 100;

    public static int Bin(double score) => Math.Clamp((int)Math.Floor(score), 0, Bins - 1);

    /// <summary>
    /// The quantile <paramref name="p"/> as type 7 (the default of R and Excel) would give it from the scores,
    /// each score taken as the middle of its bin: within half a point of the exact value.
    /// </summary>
    public static double? Quantile(ReadOnlySpan<int> histogram, double p)
    {
        long n = 0;
        foreach (var count in histogram)
        {
            n += count;
        }

        if (n == 0)
        {
            return null;
        }

        var h = (n - 1) * p;
        var lower = (long)Math.Floor(h);
        var upper = Math.Min(lower + 1, n - 1);
        var low = OrderStatistic(histogram, lower);
        var high = OrderStatistic(histogram, upper);
        return low + ((h - lower) * (high - low));
    }

    // The middle of the bin holding the k-th smallest score (0-based).
    private static double OrderStatistic(ReadOnlySpan<int> histogram, long k)
    {
        long seen = 0;
        for (var bin = 0; bin < histogram.Length; bin++)
        {
            seen += histogram[bin];
            if (seen > k)
            {
                return bin + 0.5;
            }
        }

        return histogram.Length - 0.5;
    }
}
