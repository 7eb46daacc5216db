using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.Standalone.Seeding;
using Leercultuur.Testing;
using Microsoft.Playwright;

namespace Leercultuur.Dashboard.Tests;

/// <summary>What users do with the dashboard: share a view, download what they see, sign in as a programme.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardFlowTests(DashboardHost host)
{
    private const string Instrument = "team-psychological-safety";
    private const string Dimension = "psychological-safety";

    [Fact]
    public async Task An_analyst_new_to_it_finds_construction_beside_the_national_figure_over_the_last_quarters_and_downloads_that_table()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("dashboard");
        await DashboardPage.RenderedAsync(page);

        // Over time, construction and the total only: by visible names, as a new user goes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ontwikkeling" }).ClickAsync();
        await DashboardPage.RenderedAsync(page);
        await page.Locator("summary").Filter(new() { HasText = "Welke groepen" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Geen", Exact = true }).ClickAsync();
        await DashboardPage.RenderedAsync(page);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Bouwnijverheid" }).CheckAsync();
        await DashboardPage.RenderedAsync(page);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Totaal", Exact = true }).CheckAsync();
        await DashboardPage.RenderedAsync(page);
        await DashboardPage.ScreenshotAsync(page, "walkthrough-construction-trend");

        var table = await DashboardPage.TableAsync(page);
        Assert.Equal(["_T", "F"], table.Select(r => r.Code).Distinct());
        Assert.Equal(host.Quarters, table.Where(r => r.Code == "F").Select(r => r.Period));
        var trends = await host.Http.GetFromJsonAsync<JsonObject>(
            $"/reporting/v1/trends?instrument={Instrument}&dimension={Dimension}&groupBy=sector&sector=F,_T&startPeriod={host.Quarters[0]}&endPeriod={host.Quarters[^1]}");
        foreach (var series in trends!["series"]!.AsArray())
        {
            foreach (var point in series!["points"]!.AsArray())
            {
                var row = Assert.Single(table, r => r.Code == (string)series["sector"]!["code"]! && r.Period == (string)point!["period"]!);
                Assert.Equal("published", row.Status); // construction is shown in every demo quarter
                Assert.Equal(point!["mean"]!.GetValue<double>(), row.Values["mean"]);
            }
        }

        var csv = await DownloadAsync(page, "Download deze tabel als CSV");
        var expected = await host.Http.GetStringAsync(
            $"/reporting/v1/observations?instrument={Instrument}&dimension={Dimension}&startPeriod={host.Quarters[0]}&endPeriod={host.Quarters[^1]}&groupBy=sector&sector=_T,F&format=csv");
        Assert.Equal(expected, csv);
        Assert.Equal(1 + (2 * host.Quarters.Count), csv.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public async Task The_address_holds_the_whole_state_so_a_shared_link_shows_the_same_view()
    {
        var page = await host.NewPageAsync();
        await DashboardPage.OpenAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ontwikkeling" }).ClickAsync();
        await DashboardPage.RenderedAsync(page);
        await page.GetByLabel("Vergelijk per").SelectOptionAsync("sizeClass");
        await DashboardPage.RenderedAsync(page);
        await page.GetByLabel("Vanaf periode").SelectOptionAsync(host.Quarters[1]);
        await DashboardPage.RenderedAsync(page);
        await page.GetByLabel("Provincie").SelectOptionAsync("NL-ZH");
        await DashboardPage.RenderedAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await DashboardPage.RenderedAsync(page);

        var address = page.Url;
        var form = await FormAsync(page);
        var table = await DashboardPage.TableAsync(page);
        Assert.Equal("sizeClass", form["group"]);
        Assert.Equal(host.Quarters[1], form["from"]);
        Assert.Equal("NL-ZH", form["filter-province"]);
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));

        var shared = await host.NewPageAsync();
        await shared.GotoAsync(address);
        await DashboardPage.RenderedAsync(shared);
        Assert.Equal(address, shared.Url);
        Assert.Equal(form, await FormAsync(shared));
        Assert.Equal(table.Select(r => (r.Code, r.Period, r.Status, r.Label, string.Join(";", r.Values.Select(v => v.Key + "=" + v.Value)))), (await DashboardPage.TableAsync(shared)).Select(r => (r.Code, r.Period, r.Status, r.Label, string.Join(";", r.Values.Select(v => v.Key + "=" + v.Value)))));
        Assert.Equal("en", await shared.GetAttributeAsync("html", "lang"));

        // Back goes to the state before, as in any site: Dutch again, the rest as it was.
        await page.GoBackAsync();
        await DashboardPage.RenderedAsync(page);
        Assert.Equal("nl", await page.GetAttributeAsync("html", "lang"));
        var before = await FormAsync(page);
        Assert.Equal(form.Where(f => f.Key != "lang"), before.Where(f => f.Key != "lang"));
    }

    [Fact]
    public async Task The_CSV_download_of_the_comparison_is_the_APIs_CSV_of_exactly_what_is_shown()
    {
        var page = await host.NewPageAsync();
        var quarter = host.Quarters[^1];
        await DashboardPage.OpenAsync(page, $"?view=bar&instrument={Instrument}&dimension={Dimension}&to={quarter}&group=province&show=_T,NL-NH,NL-ZH,NL-GR&sizeClass=micro");

        var csv = await DownloadAsync(page, "Download deze tabel als CSV");
        var expected = await host.Http.GetStringAsync(
            $"/reporting/v1/observations?instrument={Instrument}&dimension={Dimension}&startPeriod={quarter}&endPeriod={quarter}&groupBy=province,sizeClass&province=_T,NL-NH,NL-ZH,NL-GR&sizeClass=micro&format=csv");
        Assert.Equal(expected, csv);
        var table = await DashboardPage.TableAsync(page);
        Assert.Equal(table.Count + 1, csv.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public async Task A_programme_signed_in_with_its_token_sees_its_own_programme_beside_the_national_figures_and_no_other()
    {
        var own = DemoData.Programmes[0];
        var other = DemoData.Programmes[1];
        var page = await host.NewPageAsync();
        await DashboardPage.OpenAsync(page);
        Assert.Equal(0, await page.Locator("#group option[value='programme']").CountAsync());

        // A token that is not one is refused, and nothing changes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen als programma" }).ClickAsync();
        await page.GetByLabel("Token van uw programma").FillAsync("not-a-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen", Exact = true }).ClickAsync();
        Assert.Equal("Dit token wordt niet geaccepteerd.", await page.Locator("#token-error").TextContentAsync());

        await page.GetByLabel("Token van uw programma").FillAsync(TestTokens.For(Roles.Programme, own.Id));
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen", Exact = true }).ClickAsync();
        await page.Locator("#signed-in").WaitForAsync();
        Assert.Contains(own.Name, await page.Locator("#signed-in").TextContentAsync(), StringComparison.Ordinal);

        await page.GetByLabel("Vergelijk per").SelectOptionAsync("programme");
        await DashboardPage.RenderedAsync(page);
        await DashboardPage.ScreenshotAsync(page, "programme-signed-in");
        var table = await DashboardPage.TableAsync(page);
        Assert.Equal(["_T", own.Id.ToString("D")], table.Select(r => r.Code));
        Assert.Contains(table, r => r.Label == own.Name);
        Assert.DoesNotContain(other.Id.ToString("D"), await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(other.Name, await page.ContentAsync(), StringComparison.Ordinal);

        // Its figures are those the API gives the programme's own token.
        var quarter = host.Quarters[^1];
        using var programme = new HttpClient { BaseAddress = host.BaseAddress };
        programme.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(Roles.Programme, own.Id));
        var answer = await programme.GetFromJsonAsync<JsonObject>($"/reporting/v1/observations?instrument={Instrument}&dimension={Dimension}&groupBy=programme&startPeriod={quarter}&endPeriod={quarter}");
        var mine = Assert.Single(answer!["observations"]!.AsArray());
        var row = Assert.Single(table, r => r.Code == own.Id.ToString("D"));
        Assert.Equal((string)mine!["status"]!, row.Status);
        if ((string)mine["status"]! == "published")
        {
            Assert.Equal(mine["mean"]!.GetValue<double>(), row.Values["mean"]);
        }

        // The download is the national rows and then the programme's, each the API's CSV.
        var csv = await DownloadAsync(page, "Download deze tabel als CSV");
        var national = await host.Http.GetStringAsync($"/reporting/v1/observations?instrument={Instrument}&dimension={Dimension}&startPeriod={quarter}&endPeriod={quarter}&format=csv");
        var own_ = await programme.GetStringAsync($"/reporting/v1/observations?instrument={Instrument}&dimension={Dimension}&startPeriod={quarter}&endPeriod={quarter}&groupBy=programme&format=csv");
        Assert.Equal(national + own_[(own_.IndexOf('\n') + 1)..], csv);

        // Signed out, the programme grouping is gone again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" }).ClickAsync();
        await DashboardPage.RenderedAsync(page);
        Assert.Equal(0, await page.Locator("#group option[value='programme']").CountAsync());
    }

    [Fact]
    public async Task The_dashboard_is_served_outside_the_API_paths_with_a_policy_that_keeps_requests_on_this_host()
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = host.BaseAddress };
        var redirect = await noRedirects.GetAsync("/dashboard?view=map");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("dashboard/?view=map", redirect.Headers.Location!.OriginalString); // relative: kept under a proxy's prefix
        Assert.Equal("/dashboard/?view=map", new Uri(new Uri(host.BaseAddress, "/dashboard?view=map"), redirect.Headers.Location).PathAndQuery);

        var page = await noRedirects.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());

        // Revalidated with its ETag; compressed for a client that takes gzip, under a tag of its own.
        var plain = await noRedirects.GetAsync("/dashboard/dashboard.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/dashboard.js");
        again.Headers.IfNoneMatch.Add(plain.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await noRedirects.SendAsync(again)).StatusCode);
        using var gzip = new HttpRequestMessage(HttpMethod.Get, "/dashboard/dashboard.js");
        gzip.Headers.AcceptEncoding.ParseAdd("GZIP");
        var compressed = await noRedirects.SendAsync(gzip);
        Assert.Equal("gzip", Assert.Single(compressed.Content.Headers.ContentEncoding));
        Assert.NotEqual(plain.Headers.ETag!.Tag, compressed.Headers.ETag!.Tag);
        Assert.True((await compressed.Content.ReadAsByteArrayAsync()).Length < (await plain.Content.ReadAsByteArrayAsync()).Length / 2);

        // The licences of what the bundle holds ship with it.
        var licences = await noRedirects.GetStringAsync("/dashboard/licences.txt");
        Assert.Contains("Apache License", licences, StringComparison.Ordinal);
        Assert.Contains("The Apache Software Foundation", licences, StringComparison.Ordinal); // ECharts' NOTICE

        var missing = await noRedirects.GetAsync("/dashboard/missing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);

        var config = await noRedirects.GetFromJsonAsync<JsonObject>("/dashboard/config.json");
        Assert.Equal("../reporting/v1", (string)config!["reportingApi"]!);
        Assert.Equal("development", (string)config["signIn"]!["mode"]!);

        // Not part of any API's OpenAPI document.
        var document = await noRedirects.GetStringAsync("/reporting/v1/openapi.json");
        Assert.DoesNotContain("/dashboard", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_with_codes_the_lists_do_not_hold_shows_a_valid_view_and_is_corrected()
    {
        var page = await host.NewPageAsync();
        var other = DemoData.Programmes[1].Id;

        // Not signed in but a programme filter; a 2025 section in the 2008 view; codes of nothing; an unknown instrument.
        await page.GotoAsync($"dashboard/?view=bar&instrument=nothing-like-it&group=sector&show=V,F,ZZ&sbi=2008&programme={other}&province=NL-XX&sizeClass=huge");
        await DashboardPage.RenderedAsync(page);

        Assert.Equal(0, await page.Locator("#result .error").CountAsync());
        var table = await DashboardPage.TableAsync(page);
        Assert.Equal(["F"], table.Select(r => r.Code));
        var address = new Uri(page.Url).Query;
        Assert.Contains("instrument=team-psychological-safety", address, StringComparison.Ordinal);
        Assert.Contains("show=F", address, StringComparison.Ordinal);
        Assert.DoesNotContain("programme=", address, StringComparison.Ordinal);
        Assert.DoesNotContain("province=", address, StringComparison.Ordinal);
        Assert.DoesNotContain("sizeClass=", address, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_keyboard_reaches_the_content_by_the_skip_link_and_keeps_its_place_when_a_choice_redraws_the_view()
    {
        var page = await host.NewPageAsync();
        await DashboardPage.OpenAsync(page, "?view=bar");

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("content", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // Arrow keys on a closed list change the choice at once: the view follows and the focus stays put.
        await page.Locator("#to").FocusAsync();
        var before = await page.InputValueAsync("#to");
        await page.Keyboard.PressAsync("ArrowUp");
        await DashboardPage.RenderedAsync(page);
        Assert.NotEqual(before, await page.InputValueAsync("#to"));
        Assert.Equal("to", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // The view buttons work from the keyboard too.
        await page.Locator("button[data-view='map']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await DashboardPage.RenderedAsync(page);
        Assert.Contains("view=map", page.Url, StringComparison.Ordinal);
        Assert.Equal("map", await page.EvaluateAsync<string>("() => document.activeElement.dataset.view"));
    }

    private static async Task<string> DownloadAsync(IPage page, string button)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync());
        var path = await download.PathAsync();
        return await File.ReadAllTextAsync(path!);
    }

    private static async Task<Dictionary<string, string>> FormAsync(IPage page)
    {
        var values = await page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries([...document.querySelectorAll('#query select')].map(s => [s.id, s.value]).concat([['show', [...document.querySelectorAll('#query input[name=show]:checked')].map(i => i.value).join(',')]]))");
        return values;
    }
}
