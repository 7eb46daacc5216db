using Leercultuur.ServiceDefaults.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leercultuur.Organisations.Tests;

/// <summary>Data read on a pool thread while the host is built (the SBI table here): read once, and a host does not start without it.</summary>
public sealed class StartupLoadsTests
{
    [Fact]
    public async Task A_load_that_fails_fails_the_start_of_the_host()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddLoadedAtStartup<SbiTableStandIn>(() => throw new InvalidDataException("The embedded table is broken."));
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => host.StartAsync());

        Assert.Equal("The embedded table is broken.", failure.Message);
    }

    [Fact]
    public async Task A_load_is_read_once_and_every_consumer_gets_that_one_instance()
    {
        var reads = 0;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddLoadedAtStartup(() =>
        {
            Interlocked.Increment(ref reads);
            return new SbiTableStandIn();
        });
        using var host = builder.Build();
        await host.StartAsync();

        var first = host.Services.GetRequiredService<SbiTableStandIn>();
        var second = host.Services.GetRequiredService<SbiTableStandIn>();
        await host.StopAsync();

        Assert.Same(first, second);
        Assert.Equal(1, reads);
    }

    private sealed class SbiTableStandIn;
}
