using Leercultuur.Reporting.Indicators;

namespace Leercultuur.Reporting.Tests;

public sealed class DisclosureControlTests
{
    [Fact]
    public void Cells_under_the_minimum_are_suppressed_without_any_number()
    {
        var cells = DisclosureControl.Apply([Cell("C", 4, 20), Cell("F", 5, 25), Cell("G", 9, 45), Cell("J", 3, 12)], [GroupDimension.Sector], 5);

        var c = cells.Single(x => x.Sector!.Section == "C");
        Assert.Equal(IndicatorCell.Suppressed, c.Status);
        Assert.Equal(DisclosureControl.MinimumOrganisations, c.SuppressionReason);
        Assert.Null(c.Mean);
        Assert.Null(c.Organisations);
        Assert.Null(c.Respondents);
        Assert.Null(c.StandardDeviation);
        Assert.Equal(IndicatorCell.Published, cells.Single(x => x.Sector!.Section == "F").Status);
        Assert.Equal(5, cells.Single(x => x.Sector!.Section == "F").Organisations);
    }

    [Fact]
    public void A_lone_suppressed_cell_takes_the_smallest_published_cell_with_it()
    {
        var cells = DisclosureControl.Apply([Cell("C", 4, 20), Cell("F", 7, 35), Cell("G", 6, 30), Cell("J", 12, 60)], [GroupDimension.Sector], 5);

        Assert.Equal(DisclosureControl.MinimumOrganisations, cells.Single(x => x.Sector!.Section == "C").SuppressionReason);
        Assert.Equal(DisclosureControl.Secondary, cells.Single(x => x.Sector!.Section == "G").SuppressionReason);
        Assert.Equal(IndicatorCell.Published, cells.Single(x => x.Sector!.Section == "F").Status);
        Assert.Equal(IndicatorCell.Published, cells.Single(x => x.Sector!.Section == "J").Status);
    }

    [Fact]
    public void Two_suppressed_cells_in_a_line_need_no_secondary_suppression()
    {
        var cells = DisclosureControl.Apply([Cell("C", 4, 20), Cell("F", 2, 10), Cell("G", 6, 30)], [GroupDimension.Sector], 5);

        Assert.Equal(IndicatorCell.Published, cells.Single(x => x.Sector!.Section == "G").Status);
    }

    [Fact]
    public void In_two_dimensions_every_row_and_column_is_protected()
    {
        // sector × size: (C, micro) is under the minimum; its row and column must not single it out.
        RawCell[] raw =
        [
            Cell("C", 2, 10, "micro"), Cell("C", 8, 40, "small"), Cell("C", 9, 45, "medium"),
            Cell("F", 7, 35, "micro"), Cell("F", 6, 30, "small"), Cell("F", 9, 45, "medium"),
            Cell("G", 8, 40, "micro"), Cell("G", 9, 45, "small"), Cell("G", 9, 45, "medium"),
        ];

        var cells = DisclosureControl.Apply(raw, [GroupDimension.Sector, GroupDimension.SizeClass], 5);

        foreach (var line in cells.GroupBy(c => c.Sector!.Section).Concat(cells.GroupBy(c => c.SizeClass!)))
        {
            Assert.NotEqual(1, line.Count(c => c.Status == IndicatorCell.Suppressed));
        }

        Assert.Equal(DisclosureControl.MinimumOrganisations, cells.Single(c => c.Sector!.Section == "C" && c.SizeClass == "micro").SuppressionReason);
    }

    [Theory]
    [InlineData(10, 5, false)]
    [InlineData(10, 6, true)]
    [InlineData(10, 9, true)]
    [InlineData(10, 10, false)]
    [InlineData(10, 0, false)]
    public void A_complement_of_one_to_k_minus_one_organisations_outside_a_programme_is_at_risk(long national, long inProgramme, bool atRisk) =>
        Assert.Equal(atRisk, DisclosureControl.ComplementTooSmall(national, inProgramme, 5));

    [Fact]
    public void A_national_cell_a_programme_nearly_fills_is_hidden_and_its_line_protected()
    {
        Guid programme = Guid.NewGuid(), other = Guid.NewGuid();
        RawCell[] national = [Cell("C", 8, 40), Cell("F", 9, 45), Cell("G", 12, 60)];
        RawCell[] counts =
        [
            new() { ProgrammeId = programme, InstrumentVersion = 1, Dimension = "psychological-safety", SbiVersion = 2008, SectorSection = "C", Organisations = 6 },
            new() { ProgrammeId = other, InstrumentVersion = 1, Dimension = "psychological-safety", SbiVersion = 2008, SectorSection = "G", Organisations = 2 },
        ];

        var cells = DisclosureControl.Apply(national, [GroupDimension.Sector], 5, DisclosureControl.ComplementRule(counts, 5));

        // C: 8 − 6 = 2 outside the programme. G: 12 − 2 = 10, safe. F goes with C, the line's smallest.
        Assert.Equal(DisclosureControl.ProgrammeComplement, cells.Single(x => x.Sector!.Section == "C").SuppressionReason);
        Assert.Equal(DisclosureControl.Secondary, cells.Single(x => x.Sector!.Section == "F").SuppressionReason);
        Assert.Equal(IndicatorCell.Published, cells.Single(x => x.Sector!.Section == "G").Status);

        // The programme's own table: its C cell is hidden for the same reason.
        var own = DisclosureControl.Apply(
            [Cell("C", 6, 30)],
            [GroupDimension.Sector],
            5,
            DisclosureControl.ComplementRule(national.ToDictionary(c => c.Key, c => c.Organisations), 5));
        Assert.Equal(DisclosureControl.ProgrammeComplement, Assert.Single(own).SuppressionReason);
    }

    [Fact]
    public void Published_cells_carry_mean_standard_deviation_and_a_95_percent_interval()
    {
        // Organisation means 4, 5, 6, 5, 5: mean 5, sample variance 0.5.
        var cell = new RawCell { InstrumentVersion = 1, Dimension = "psychological-safety", SbiVersion = 2008, SectorSection = "C", Organisations = 5, Respondents = 17, SumOfMeans = 25, SumOfSquares = 127 };

        var published = Assert.Single(DisclosureControl.Apply([cell], [GroupDimension.Sector], 5));

        Assert.Equal(5, published.Mean);
        Assert.Equal(Math.Round(Math.Sqrt(0.5), 4), published.StandardDeviation);
        Assert.Equal(17, published.Respondents);
        Assert.Equal(Math.Round(5 - (2.776 * Math.Sqrt(0.5) / Math.Sqrt(5)), 4), published.ConfidenceInterval!.Lower);
        Assert.Equal(Math.Round(5 + (2.776 * Math.Sqrt(0.5) / Math.Sqrt(5)), 4), published.ConfidenceInterval.Upper);
    }

    [Fact]
    public void A_single_organisation_has_no_spread()
    {
        Assert.Null(Statistics.StandardDeviation(1, 4, 16));
        Assert.Null(Statistics.ConfidenceInterval95(1, 4, null));
        Assert.Equal(0, Statistics.StandardDeviation(3, 12, 48));
    }

    private static RawCell Cell(string section, long organisations, double sum, string? sizeClass = null) => new()
    {
        InstrumentVersion = 1,
        Dimension = "psychological-safety",
        SbiVersion = 2008,
        SectorSection = section,
        SizeClass = sizeClass,
        Organisations = organisations,
        Respondents = organisations * 3,
        SumOfMeans = sum,
        SumOfSquares = sum * sum / organisations,
    };
}
