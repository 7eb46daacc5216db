using Leercultuur.Organisations.Classification;

namespace Leercultuur.Organisations.Tests;

public sealed class ClassificationTests
{
    private static readonly SbiSectionTable Sbi = SbiSectionTable.LoadEmbedded();

    [Theory]
    [InlineData(1, "micro")]
    [InlineData(9, "micro")]
    [InlineData(10, "small")]
    [InlineData(49, "small")]
    [InlineData(50, "medium")]
    [InlineData(249, "medium")]
    [InlineData(250, "large")]
    [InlineData(5000, "large")]
    public void Size_class_follows_the_EU_headcount_bounds(int employees, string expected) =>
        Assert.Equal(expected, SizeClass.FromHeadcount(employees));

    [Theory]
    [InlineData("0113", "A")]
    [InlineData("03", "A")]
    [InlineData("1071", "C")]
    [InlineData("33.20", "C")]
    [InlineData("3511", "D")]
    [InlineData("4120", "F")]
    [InlineData("4511", "G")]
    [InlineData("5610", "I")]
    [InlineData("6201", "J")]
    [InlineData("6420", "K")]
    [InlineData("6820", "L")]
    [InlineData("7112", "M")]
    [InlineData("8121", "N")]
    [InlineData("8411", "O")]
    [InlineData("8559", "P")]
    [InlineData("8710", "Q")]
    [InlineData("9311", "R")]
    [InlineData("9602", "S")]
    [InlineData("9700", "T")]
    [InlineData("9900", "U")]
    public void Sbi_2008_section_follows_from_the_division(string code, string section)
    {
        var lookup = Sbi.Lookup(2008, code);
        Assert.True(lookup.Found, lookup.Error);
        Assert.Equal(section, lookup.Section!.Section);
        Assert.Equal(code.Replace(".", ""), lookup.Code);
    }

    [Theory]
    [InlineData("6201", "K")]
    [InlineData("5811", "J")]
    [InlineData("6420", "L")]
    [InlineData("9900", "V")]
    public void Sbi_2025_uses_its_own_sections(string code, string section) =>
        Assert.Equal(section, Sbi.Lookup(2025, code).Section!.Section);

    [Theory]
    [InlineData(2008, "04")]
    [InlineData(2008, "00")]
    [InlineData(2025, "4511")]
    [InlineData(2008, "1")]
    [InlineData(2008, "123456")]
    [InlineData(2008, "12a4")]
    [InlineData(2017, "6201")]
    public void Unknown_divisions_malformed_codes_and_versions_are_refused(int version, string code) =>
        Assert.False(Sbi.Lookup(version, code).Found);

    [Theory]
    [InlineData("Utrecht", "NL-UT")]
    [InlineData("NL-UT", "NL-UT")]
    [InlineData("Friesland", "NL-FR")]
    [InlineData("Fryslân", "NL-FR")]
    [InlineData("Noord-Brabant", "NL-NB")]
    public void Provinces_are_normalised_to_their_ISO_code(string input, string code)
    {
        Assert.True(Province.TryNormalise(input, out var normalised));
        Assert.Equal(code, normalised);
    }

    [Theory]
    [InlineData("Vlaanderen")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("nl-ut")]
    [InlineData(" Noord-Brabant ")]
    public void Other_regions_and_other_spellings_are_not_provinces(string? input) => Assert.False(Province.TryNormalise(input, out _));

    [Fact]
    public void There_are_twelve_provinces() => Assert.Equal(12, Province.Codes.Count);
}
