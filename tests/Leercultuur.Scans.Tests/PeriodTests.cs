using Leercultuur.Contracts;

namespace Leercultuur.Scans.Tests;

public sealed class PeriodTests
{
    [Theory]
    [InlineData("2026", 2026, null)]
    [InlineData("2026-Q1", 2026, 1)]
    [InlineData("2025-Q4", 2025, 4)]
    public void Years_and_quarters_parse_and_print_back(string text, int year, int? quarter)
    {
        Assert.True(Period.TryParse(text, out var period));
        Assert.Equal(new Period(year, quarter), period);
        Assert.Equal(text, period.ToString());
    }

    [Theory]
    [InlineData("2026-Q5")]
    [InlineData("2026-Q0")]
    [InlineData("2026Q1")]
    [InlineData("2026-q1")]
    [InlineData("26")]
    [InlineData("1999")]
    [InlineData("2101")]
    [InlineData("2026-01")]
    [InlineData(" 2026")]
    [InlineData("2026\n")]
    [InlineData("٢٠٢٦")]
    [InlineData("۲۰۲۶-Q1")]
    [InlineData("２０２６")]
    [InlineData("2026-Q４")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_period(string? text) => Assert.False(Period.TryParse(text, out _));
}
