namespace Leercultuur.Reporting.Indicators;

/// <summary>Mean, standard deviation and a 95% confidence interval from additive sums.</summary>
public static class Statistics
{
    // Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom; beyond that the normal 1.96 is close enough.
    private static readonly double[] TQuantiles =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    public static double Mean(long n, double sum) => sum / n;

    /// <summary>Sample standard deviation; null for a single observation.</summary>
    public static double? StandardDeviation(long n, double sum, double sumOfSquares)
    {
        if (n < 2)
        {
            return null;
        }

        // Sums of doubles can leave a tiny negative variance where the true one is zero.
        var variance = Math.Max(0, (sumOfSquares - (sum * sum / n)) / (n - 1));
        return Math.Sqrt(variance);
    }

    public static (double Lower, double Upper)? ConfidenceInterval95(long n, double mean, double? standardDeviation)
    {
        if (standardDeviation is not { } sd || n < 2)
        {
            return null;
        }

        var degreesOfFreedom = n - 1;
        var t = degreesOfFreedom <= TQuantiles.Length ? TQuantiles[degreesOfFreedom - 1] : 1.96;
        var margin = t * sd / Math.Sqrt(n);
        return (mean - margin, mean + margin);
    }
}
