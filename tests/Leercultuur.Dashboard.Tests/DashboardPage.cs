using System.Text.Json;
using Microsoft.Playwright;

namespace Leercultuur.Dashboard.Tests;

/// <summary>What a test reads off the dashboard: the rows of the table beside the chart, and when a view is drawn.</summary>
public static class DashboardPage
{
    /// <summary>Opens an address below /dashboard/ and waits until its view is drawn.</summary>
    public static async Task OpenAsync(IPage page, string query = "")
    {
        await page.GotoAsync("dashboard/" + query);
        await RenderedAsync(page);
    }

    /// <summary>Waits until the view of the address the page is at is drawn (the page marks each finished view).</summary>
    public static async Task RenderedAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => { const r = document.querySelector('#result'); return r && r.dataset.rendered === location.search && !r.hasAttribute('aria-busy'); }", null, new PageWaitForFunctionOptions { Timeout = 30000 });

    public static async Task<IReadOnlyList<TableRow>> TableAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>(
            """
            () => JSON.stringify([...document.querySelectorAll('table.figures tbody tr')].map(tr => ({
              code: tr.dataset.code,
              period: tr.dataset.period,
              status: tr.dataset.status,
              label: tr.querySelector('th').textContent.trim(),
              values: Object.fromEntries([...tr.querySelectorAll('td[data-field]')].filter(td => td.dataset.value !== undefined).map(td => [td.dataset.field, Number(td.dataset.value)])),
              texts: Object.fromEntries([...tr.querySelectorAll('td[data-field]')].map(td => [td.dataset.field, td.textContent.trim()])),
              reason: tr.querySelector('td[data-field=status]')?.dataset.reason || null,
              hover: tr.querySelector('abbr[title]')?.getAttribute('title') || null,
            })))
            """);
        return JsonSerializer.Deserialize<List<TableRow>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardHost.Artefacts, name + ".png"), FullPage = true });
}

public sealed record TableRow(string Code, string Period, string Status, string Label, Dictionary<string, double> Values, Dictionary<string, string> Texts, string? Reason, string? Hover);
