using Microsoft.Extensions.Configuration;

namespace Leercultuur.Messaging.Tests;

public sealed class MessagingOptionsTests
{
    [Fact]
    public void Configured_retry_intervals_replace_the_default_instead_of_extending_it()
    {
        var options = Bind(new() { ["Messaging:RetryIntervalsMs:0"] = "10", ["Messaging:RetryIntervalsMs:1"] = "20" });

        Assert.Equal([10, 20], options.RetryIntervals);

        // Why the default is not the property's initial value: the binder appends to an existing array.
        var withInitialValue = new ArrayHolder();
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Values:0"] = "10" }).Build().Bind(withInitialValue);
        Assert.Equal([100, 10], withInitialValue.Values);
    }

    [Fact]
    public void Without_configuration_the_default_retries_apply()
    {
        var options = Bind([]);

        Assert.Equal(MessagingOptions.DefaultRetryIntervalsMs, options.RetryIntervals);
        Assert.Equal(MessagingTransport.RabbitMq, options.Transport);
        Assert.Equal(10, options.RabbitMq.DeliveryLimit);
    }

    private static MessagingOptions Bind(Dictionary<string, string?> values)
    {
        var options = new MessagingOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Messaging").Bind(options);
        return options;
    }

    private sealed class ArrayHolder
    {
        public int[] Values { get; set; } = [100];
    }
}
