using Xunit;

namespace Leercultuur.Testing;

/// <summary>Figures the API rounds: compared with the direct computation to within the rounding.</summary>
public static class RoundedAssert
{
    /// <summary>
    /// <paramref name="actual"/> is <paramref name="exact"/> rounded to <paramref name="decimals"/> places. Not
    /// an equality of rounded values: a sum taken in another order may land a hair on the other side of a
    /// rounding boundary (x.xxxx5), and the two roundings then differ in the last place.
    /// </summary>
    public static void Equal(double exact, double actual, int decimals = 4) =>
        Assert.InRange(actual, exact - (0.5 * Math.Pow(10, -decimals)) - 1e-9, exact + (0.5 * Math.Pow(10, -decimals)) + 1e-9);
}
