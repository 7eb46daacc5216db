using Leercultuur.Standalone.Seeding;
using Microsoft.Playwright;

namespace Leercultuur.Dashboard.Tests;

/// <summary>The demo host with an external identity provider: the dashboard signs a programme in with OIDC.</summary>
public sealed class OidcDashboardHost : DashboardHost
{
    public const string ClientId = "leercultuur-dashboard";

    public FakeIdentityProvider Provider { get; } = new(ClientId, DemoData.Programmes[0].Id);

    protected override async Task BeforeStartAsync() => await Provider.StartAsync();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Auth:Development:Enabled", "false"),
        new("Auth:Authority", Provider.Authority.ToString()),
        new("Auth:RequireHttpsMetadata", "false"),
        new("Reporting:Dashboard:ClientId", ClientId),
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

[Collection(DashboardCollection.Name)]
public sealed class DashboardSignInTests(OidcDashboardHost host) : IClassFixture<OidcDashboardHost>
{
    [Fact]
    public async Task With_an_identity_provider_a_programme_signs_in_with_OIDC_and_PKCE_and_sees_its_own_programme()
    {
        var own = DemoData.Programmes[0];
        var page = await host.NewPageAsync();
        var exchanged = host.Provider.VerifiedExchanges;
        await DashboardPage.OpenAsync(page, "?view=bar");
        var before = page.Url;

        // Out to the provider and back with a code; the page exchanges it (with the PKCE verifier) and returns to its view.
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen als programma" }).ClickAsync();
        await page.Locator("#signed-in").WaitForAsync(new() { Timeout = 30000 });
        await DashboardPage.RenderedAsync(page);
        Assert.Equal(exchanged + 1, host.Provider.VerifiedExchanges);
        Assert.Equal(before, page.Url);
        Assert.DoesNotContain("code=", page.Url, StringComparison.Ordinal);
        Assert.Contains(own.Name, await page.Locator("#signed-in").TextContentAsync(), StringComparison.Ordinal);

        // The provider's token reads the programme's rows: the API checked it against the provider's key.
        await page.GetByLabel("Vergelijk per").SelectOptionAsync("programme");
        await DashboardPage.RenderedAsync(page);
        var table = await DashboardPage.TableAsync(page);
        Assert.Equal(["_T", own.Id.ToString("D")], table.Select(r => r.Code));
        Assert.DoesNotContain(DemoData.Programmes[1].Id.ToString("D"), await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_refusal_by_the_identity_provider_is_said_on_the_page_which_returns_to_its_view()
    {
        var page = await host.NewPageAsync();
        await DashboardPage.OpenAsync(page, "?view=map");
        host.Provider.RefuseNext = true;
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen als programma" }).ClickAsync();
        await page.Locator(".account-message").WaitForAsync(new() { Timeout = 30000 });

        Assert.Contains("Inloggen is niet gelukt", await page.Locator(".account-message").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("The user declined", await page.Locator(".account-message").TextContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("error=", page.Url, StringComparison.Ordinal);
        Assert.Contains("view=map", page.Url, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#signed-in").CountAsync());
    }

    [Fact]
    public async Task A_code_that_does_not_answer_this_pages_request_is_refused()
    {
        var page = await host.NewPageAsync();
        var exchanged = host.Provider.VerifiedExchanges;
        await DashboardPage.OpenAsync(page);
        await page.EvaluateAsync("() => sessionStorage.setItem('leercultuur.dashboard.oidc', JSON.stringify({ state: 'mine', verifier: 'v', returnTo: '?view=trend' }))");
        await page.GotoAsync("dashboard/?code=stolen&state=someone-elses");
        await page.Locator(".account-message").WaitForAsync(new() { Timeout = 30000 });

        Assert.Contains("did not come back from the request this page made", await page.Locator(".account-message").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#signed-in").CountAsync());
        Assert.DoesNotContain("code=", page.Url, StringComparison.Ordinal);
        Assert.Equal(exchanged, host.Provider.VerifiedExchanges);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('leercultuur.dashboard.token')"));
    }

    [Fact]
    public async Task The_content_security_policy_lets_the_page_reach_the_identity_provider_and_nothing_else()
    {
        var answer = await host.Http.GetAsync("/dashboard/");
        var policy = answer.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"connect-src 'self' {host.Provider.Authority.GetLeftPart(UriPartial.Authority)};", policy, StringComparison.Ordinal);
        var config = await host.Http.GetStringAsync("/dashboard/config.json");
        Assert.Contains("\"mode\":\"oidc\"", config, StringComparison.Ordinal);
        Assert.Contains($"\"clientId\":\"{OidcDashboardHost.ClientId}\"", config, StringComparison.Ordinal);
    }
}
