using System.Net;
using Leercultuur.Data;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.Testing;

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
}
