using Leercultuur.Reporting.Observations;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Reporting.Tests.Observations;

public sealed class ObservationQueryTests
{
    [Fact]
    public void The_documented_groupBy_pattern_is_every_ordered_selection_of_the_grouping_names()
    {
        Assert.Equal(ObservationQueryPatterns.GroupBy, ObservationQuery.GroupByPattern);
        Assert.Equal(4 + 12 + 24 + 24, ObservationQueryPatterns.GroupBy.Count(c => c == '|') + 1);
    }

    [Theory]
    [InlineData("sector,sizeClass,province,programme", true)]
    [InlineData("programme,sector", true)]
    [InlineData("sector,sector", false)]
    [InlineData("sector,", false)]
    public void The_server_accepts_exactly_what_the_pattern_allows(string groupBy, bool valid)
    {
        var errors = new ValidationErrors();
        var query = ObservationQuery.Parse(errors, "team-psychological-safety", null, null, groupBy, null, null, null, null, null, null, null, null);

        Assert.Equal(valid, query is not null);
        Assert.Equal(valid, System.Text.RegularExpressions.Regex.IsMatch(groupBy, ObservationQueryPatterns.GroupBy));
    }
}
