using System.Net;
using System.Text.Json.Nodes;
using Leercultuur.Organisations.Classification;
using Leercultuur.Testing;

namespace Leercultuur.Organisations.Tests;

/// <summary>The code lists: open, from the same data as validation, so every listed code is accepted.</summary>
public sealed class CodeListsTests() : SqliteServiceHost<Program>("Organisations:Database")
{
    [Theory]
    [InlineData("/organisations/v1/code-lists/sbi-sections?sbiVersion=2008", 21)]
    [InlineData("/organisations/v1/code-lists/sbi-sections", 22)]
    [InlineData("/organisations/v1/code-lists/sbi-divisions?sbiVersion=2008", 88)]
    [InlineData("/organisations/v1/code-lists/size-classes", 4)]
    [InlineData("/organisations/v1/code-lists/provinces", 12)]
    public async Task Code_lists_are_open_to_anyone_and_cacheable(string path, int count)
    {
        var response = await ClientAs(null).GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=86400", response.Headers.CacheControl!.ToString());
        Assert.Equal(count, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("2017")]
    [InlineData("abc")]
    [InlineData("%D9%A2%D9%A0%D9%A0%D9%A8")]
    public async Task An_unknown_SBI_version_is_400(string version) =>
        await HttpAssert.ProblemAsync(await ClientAs(null).GetAsync($"/organisations/v1/code-lists/sbi-divisions?sbiVersion={version}"), HttpStatusCode.BadRequest);

    [Fact]
    public async Task Every_listed_division_is_accepted_by_registration_with_the_listed_section()
    {
        var table = SbiSectionTable.LoadEmbedded();
        foreach (var version in table.Versions)
        {
            var divisions = JsonNode.Parse(await ClientAs(null).GetStringAsync($"/organisations/v1/code-lists/sbi-divisions?sbiVersion={version}"))!["items"]!.AsArray();
            Assert.NotEmpty(divisions);
            Assert.All(divisions, division =>
            {
                var lookup = table.Lookup(version, division!["code"]!.GetValue<string>() + "00");
                Assert.True(lookup.Found, lookup.Error);
                Assert.Equal(division["section"]!.GetValue<string>(), lookup.Section!.Section);
            });
        }
    }

    [Fact]
    public async Task The_size_class_bounds_are_the_ones_the_service_derives()
    {
        var classes = JsonNode.Parse(await ClientAs(null).GetStringAsync("/organisations/v1/code-lists/size-classes"))!["items"]!.AsArray();

        Assert.All(classes, size =>
        {
            var code = size!["code"]!.GetValue<string>();
            Assert.Equal(code, SizeClass.FromHeadcount(size["minEmployees"]!.GetValue<int>()));
            if (size["maxEmployees"] is { } max)
            {
                Assert.Equal(code, SizeClass.FromHeadcount(max.GetValue<int>()));
                Assert.NotEqual(code, SizeClass.FromHeadcount(max.GetValue<int>() + 1));
            }
        });
    }
}
