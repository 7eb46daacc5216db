using System.Net;
using Leercultuur.Data;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.Organisations.Tests;

/// <summary>Limits per token subject and per client address, answered with 429 and Retry-After.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task A_caller_over_its_limit_gets_429_with_Retry_After_while_others_and_health_go_on()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = new ServiceFactory<Program>(database.Settings("Organisations:Database").Concat(
        [
            new("Messaging:Transport", "InMemory"),
            new("Http:RateLimits:PerCaller:PermitLimit", "3"),
            new("Http:RateLimits:Anonymous:PermitLimit", "2"),
        ]));
        var admin = factory.CreateClient().As(Roles.Admin);
        var analyst = factory.CreateClient().As(Roles.Analyst);
        var anonymous = factory.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/organisations/v1/organisations")).StatusCode);
        }

        var limited = await admin.GetAsync("/organisations/v1/organisations");
        await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);

        // Another subject has a limit of its own; health probes have none.
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/organisations/v1/code-lists/provinces")).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/organisations/v1/code-lists/provinces")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/organisations/v1/code-lists/provinces")).StatusCode);
        await HttpAssert.ProblemAsync(await anonymous.GetAsync("/organisations/v1/code-lists/provinces"), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_address_has_a_limit_of_its_own()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = new ServiceFactory<Program>(database.Settings("Organisations:Database").Concat(
        [
            new("Messaging:Transport", "InMemory"),
            new("Http:RateLimits:Anonymous:PermitLimit", "2"),
            new("Http:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/8"),
        ]));

        // Every request arrives from the gateway, 10.1.2.3, naming its client in X-Forwarded-For.
        await using var behindGateway = factory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new FromGateway())));
        HttpClient Client(string address)
        {
            var client = behindGateway.CreateClient();
            client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
            return client;
        }

        var first = Client("203.0.113.1");
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/organisations/v1/code-lists/provinces")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/organisations/v1/code-lists/provinces")).StatusCode);
        await HttpAssert.ProblemAsync(await first.GetAsync("/organisations/v1/code-lists/provinces"), HttpStatusCode.TooManyRequests);

        Assert.Equal(HttpStatusCode.OK, (await Client("203.0.113.2").GetAsync("/organisations/v1/code-lists/provinces")).StatusCode);
    }

    private sealed class FromGateway : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(inner => context =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
                return inner(context);
            });
            next(app);
        };
    }
}
