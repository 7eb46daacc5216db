using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Leercultuur.Dashboard.Tests;

/// <summary>Each view against the API's own answer for the same query, suppression shown as suppression, and accessibility.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardViewTests(DashboardHost host)
{
    private const string Instrument = "team-psychological-safety";
    private const string Dimension = "psychological-safety";

    [Theory]
    [InlineData("bar", "nl")]
    [InlineData("trend", "nl")]
    [InlineData("map", "nl")]
    [InlineData("bar", "en")]
    [InlineData("trend", "en")]
    [InlineData("map", "en")]
    public async Task Each_view_draws_its_chart_and_table_with_no_serious_or_critical_accessibility_violation(string view, string language)
    {
        var page = await host.NewPageAsync();
        await DashboardPage.OpenAsync(page, $"?view={view}" + (language == "en" ? "&lang=en" : ""));

        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        var table = await DashboardPage.TableAsync(page);
        Assert.NotEmpty(table);

        // Numbers as the language writes them: 4,58 in Dutch, 4.58 in English.
        var shown = table.First(r => r.Values.ContainsKey("mean"));
        var invariant = shown.Values["mean"].ToString("0.00", CultureInfo.InvariantCulture);
        Assert.Equal(language == "nl" ? invariant.Replace('.', ',') : invariant, shown.Texts["mean"]);
        var chart = view == "map" ? "#map svg .tile" : "#result .chart canvas";
        Assert.True(await page.Locator(chart).CountAsync() > 0, $"The {view} view drew no chart.");
        await DashboardPage.ScreenshotAsync(page, $"view-{view}-{language}");

        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }

    [Fact]
    public async Task The_sign_in_dialog_has_no_serious_or_critical_accessibility_violation()
    {
        var page = await host.NewPageAsync();
        await DashboardPage.OpenAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen als programma" }).ClickAsync();
        await page.Locator("dialog[open] textarea").WaitForAsync();
        await DashboardPage.ScreenshotAsync(page, "sign-in-dialog");

        var axe = await page.RunAxe();
        Assert.DoesNotContain(axe.Violations, v => v.Impact is "serious" or "critical");
    }

    [Fact]
    public async Task The_comparison_table_holds_the_figures_of_the_observations_answer_for_the_same_query()
    {
        var page = await host.NewPageAsync();
        var quarter = host.Quarters[^1];
        await DashboardPage.OpenAsync(page, $"?view=bar&instrument={Instrument}&dimension={Dimension}&to={quarter}&group=sizeClass");

        var answer = await ObservationsAsync($"groupBy=sizeClass&sizeClass={await CodesAsync("sizeClass")}&startPeriod={quarter}&endPeriod={quarter}");
        AssertSameFigures(answer, "sizeClass", await DashboardPage.TableAsync(page));
    }

    [Fact]
    public async Task The_trend_table_holds_the_figures_of_the_trends_answer_for_the_same_query()
    {
        var page = await host.NewPageAsync();
        var (first, last) = (host.Quarters[0], host.Quarters[^1]);
        await DashboardPage.OpenAsync(page, $"?view=trend&instrument={Instrument}&dimension={Dimension}&from={first}&to={last}&group=sector");

        var answer = await host.Http.GetFromJsonAsync<JsonObject>($"/reporting/v1/trends?instrument={Instrument}&dimension={Dimension}&groupBy=sector&sector={await CodesAsync("sector")}&startPeriod={first}&endPeriod={last}");
        var expected = answer!["series"]!.AsArray().SelectMany(s => s!["points"]!.AsArray().Select(p => (Code: (string)s["sector"]!["code"]!, Point: p!))).ToList();
        var table = await DashboardPage.TableAsync(page);
        Assert.Equal(expected.Count, table.Count);
        foreach (var (code, point) in expected)
        {
            var row = Assert.Single(table, r => r.Code == code && r.Period == (string)point["period"]!);
            Assert.Equal((string)point["status"]!, row.Status);
            AssertFigure(point["mean"], row, "mean");
            AssertFigure(point["confidenceInterval"]?["lower"], row, "lower");
            AssertFigure(point["confidenceInterval"]?["upper"], row, "upper");
            AssertFigure(point["organisations"], row, "organisations");
        }
    }

    [Fact]
    public async Task The_map_colours_each_province_with_a_figure_and_hatches_each_without_as_the_answer_says()
    {
        var page = await host.NewPageAsync();
        var quarter = host.Quarters[^1];
        await DashboardPage.OpenAsync(page, $"?view=map&instrument={Instrument}&dimension={Dimension}&to={quarter}");

        var answer = await ObservationsAsync($"groupBy=province&province={await CodesAsync("province")}&startPeriod={quarter}&endPeriod={quarter}");
        AssertSameFigures(answer, "province", await DashboardPage.TableAsync(page));
        foreach (var row in answer.Where(r => (string)r["province"]!["code"]! != "_T"))
        {
            var code = (string)row["province"]!["code"]!;
            var tile = page.Locator($"#map .tile[data-code='{code}']");
            Assert.Equal((string)row["status"]!, await tile.GetAttributeAsync("data-status"));
            var text = await tile.Locator(".tile-value").TextContentAsync();
            var fill = await tile.Locator("rect").First.GetAttributeAsync("fill");
            Assert.True((string)row["status"]! == "published" ? fill!.StartsWith('#') : fill == "url(#hatch)", $"{code}: fill {fill} for a {row["status"]} cell.");
            Assert.Equal(
                // Dutch number format: a decimal comma (the tests run without culture data, so it is written out here).
                (string)row["status"]! == "published" ? row["mean"]!.GetValue<double>().ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',') : "x",
                text);
        }

        Assert.Equal(12, await page.Locator("#map .tile").CountAsync());
    }

    [Fact]
    public async Task A_suppressed_cell_shows_x_with_its_reason_in_the_table_on_hover_and_on_the_map_never_a_zero_or_a_gap()
    {
        var quarter = host.Quarters[^1];
        var answer = await ObservationsAsync($"groupBy=province&startPeriod={quarter}&endPeriod={quarter}");
        var suppressed = answer.Where(r => (string)r["status"]! == "suppressed").ToList();
        Assert.NotEmpty(suppressed); // the demo has provinces too small to show

        var page = await host.NewPageAsync();
        await DashboardPage.OpenAsync(page, $"?view=map&instrument={Instrument}&dimension={Dimension}&to={quarter}");
        var table = await DashboardPage.TableAsync(page);
        foreach (var cell in suppressed)
        {
            var code = (string)cell["province"]!["code"]!;
            var row = Assert.Single(table, r => r.Code == code);
            Assert.Equal("suppressed", row.Status);
            Assert.Empty(row.Values);
            Assert.All(new[] { "mean", "lower", "upper", "organisations", "respondents" }, field => Assert.Equal("x", row.Texts[field]));
            Assert.Equal((string)cell["reason"]!, row.Reason);
            Assert.StartsWith("afgeschermd", row.Texts["status"], StringComparison.Ordinal);
            Assert.Equal(row.Texts["status"], row.Hover);

            var tile = page.Locator($"#map .tile[data-code='{code}']");
            Assert.Contains("tile-hidden", await tile.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
            Assert.Equal("url(#hatch)", await tile.Locator("rect").First.GetAttributeAsync("fill"));
            Assert.Contains(row.Texts["status"], await tile.Locator("title").TextContentAsync() ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task No_request_of_any_view_leaves_the_host()
    {
        var page = await host.NewPageAsync();
        var requests = new List<string>();
        var refused = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                refused.Add(message.Text);
            }
        };
        foreach (var view in new[] { "bar", "trend", "map" })
        {
            await DashboardPage.OpenAsync(page, $"?view={view}");
        }

        Assert.NotEmpty(requests);
        Assert.Empty(refused); // and the page needs nothing its policy refuses
        Assert.All(requests, url => Assert.True(
            url.StartsWith(host.BaseAddress.ToString(), StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal),
            $"A request left the host: {url}"));
    }

    /// <summary>Every code of a grouping with its total, as the dashboard asks for them (the API leaves the total out unless asked).</summary>
    private async Task<string> CodesAsync(string dimension)
    {
        var list = await host.Http.GetFromJsonAsync<JsonObject>($"/reporting/v1/code-lists/{dimension}");
        return string.Join(",", list!["codes"]!.AsArray().Select(c => (string)c!["code"]!));
    }

    private async Task<List<JsonNode>> ObservationsAsync(string query)
    {
        var answer = await host.Http.GetFromJsonAsync<JsonObject>($"/reporting/v1/observations?instrument={Instrument}&dimension={Dimension}&{query}");
        return answer!["observations"]!.AsArray().Select(r => r!).ToList();
    }

    private static void AssertSameFigures(List<JsonNode> answer, string group, IReadOnlyList<TableRow> table)
    {
        Assert.Equal(answer.Count, table.Count);
        foreach (var expected in answer)
        {
            var row = Assert.Single(table, r => r.Code == (string)expected[group]!["code"]!);
            Assert.Equal((string)expected["status"]!, row.Status);
            AssertFigure(expected["mean"], row, "mean");
            AssertFigure(expected["confidenceInterval"]?["lower"], row, "lower");
            AssertFigure(expected["confidenceInterval"]?["upper"], row, "upper");
            AssertFigure(expected["organisations"], row, "organisations");
            AssertFigure(expected["respondents"], row, "respondents");
        }
    }

    private static void AssertFigure(JsonNode? expected, TableRow row, string field)
    {
        if (expected is null)
        {
            Assert.False(row.Values.ContainsKey(field), $"{row.Code} {row.Period}: {field} shown where the API gives none.");
        }
        else
        {
            Assert.True(row.Values.TryGetValue(field, out var shown), $"{row.Code} {row.Period}: {field} missing.");
            Assert.Equal(expected.GetValue<double>(), shown);
        }
    }
}
