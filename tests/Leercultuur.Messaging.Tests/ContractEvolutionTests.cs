using System.Text;
using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Testing;
using MassTransit;
using RabbitMQ.Client;

namespace Leercultuur.Messaging.Tests;

/// <summary>
/// Messages outlive the code that wrote them: an outbox row written before a deploy, a message from an
/// older or a newer producer. Each is still consumed, and what the new shape adds takes its default.
/// </summary>
public sealed class ContractEvolutionTests
{
    // OrganisationRegistered as the previous version wrote it: no version field.
    private const string PreviousShape =
        """{"organisationId":"{ID}","sector":{"sbiVersion":2008,"sbiCode":"2562","section":"C"},"sizeClass":"small","province":"NL-UT","programmeIds":[],"registeredAt":"2026-11-01T10:00:00+00:00"}""";

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task An_outbox_row_written_by_the_previous_version_is_relayed_and_consumed(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        var database = await MessagingHost.MigrateAsync(test);
        var organisationId = Guid.NewGuid();
        await using (var connection = await database.OpenAsync())
        {
            // The previous version stored the CLR name of the type.
            await connection.ExecuteAsync(
                "INSERT INTO outbox_messages (message_id, message_type, body, created_at, attempts) VALUES (@id, 'Leercultuur.Contracts.OrganisationRegistered', @body, @now, 0)",
                new { id = Guid.NewGuid(), body = PreviousShape.Replace("{ID}", organisationId.ToString(), StringComparison.Ordinal), now = DateTimeOffset.UtcNow });
        }

        using var consumers = await MessagingHost.StartAsync(test, broker, consumers: true, relay: false);
        var received = await BusProbe.ListenAsync<OrganisationRegistered>(consumers.Services, "test-evolution-probe");
        using var relaying = await MessagingHost.StartAsync(test, broker, consumers: false);

        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((organisationId, "C", 1L), (message.OrganisationId, message.Sector.Section, message.Version));
    }

    [Fact]
    public async Task New_outbox_rows_name_their_type_by_its_message_urn()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var database = await MessagingHost.MigrateAsync(test);

        await MessagingHost.EnqueueAsync(test, TimeProvider.System);

        await using var connection = await database.OpenAsync();
        Assert.Equal("urn:message:Leercultuur.Contracts:OrganisationRegistered", await connection.ExecuteScalarAsync<string>("SELECT message_type FROM outbox_messages"));
    }

    [Theory]
    [InlineData("previous")]
    [InlineData("next")]
    public async Task A_message_from_an_older_or_a_newer_producer_is_consumed(string producer)
    {
        await using var broker = await RabbitMqVirtualHost.CreateAsync();
        using var host = await BusHost.StartAsync(broker.Settings());
        var received = await BusProbe.ListenAsync<OrganisationRegistered>(host.Services, "test-evolution-wire");
        var organisationId = Guid.NewGuid();
        var body = PreviousShape.Replace("{ID}", organisationId.ToString(), StringComparison.Ordinal);
        if (producer == "next")
        {
            // A later version added a field this one does not know, and a version number.
            body = body.TrimEnd('}') + ""","version":3,"headquartersMunicipality":"GM0344"}""";
        }

        var envelope = "{\"messageId\":\"" + NewId.NextGuid() + "\",\"messageType\":[\"urn:message:Leercultuur.Contracts:OrganisationRegistered\"]," +
                       "\"message\":" + body + ",\"sentTime\":\"2026-11-01T10:00:00Z\",\"headers\":{}}";
        await PublishRawAsync(broker, "Leercultuur.Contracts:OrganisationRegistered", envelope);

        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((organisationId, "small", producer == "next" ? 3L : 1L), (message.OrganisationId, message.SizeClass, message.Version));
    }

    private static async Task PublishRawAsync(RabbitMqVirtualHost broker, string exchange, string envelope)
    {
        var factory = new ConnectionFactory { HostName = TestEnvironment.RabbitMqHost, VirtualHost = broker.Name, UserName = TestEnvironment.RabbitMqUsername, Password = TestEnvironment.RabbitMqPassword };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true };
        await channel.BasicPublishAsync(exchange, "", mandatory: false, properties, Encoding.UTF8.GetBytes(envelope));
    }
}
