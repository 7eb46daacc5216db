using System.Globalization;

namespace Leercultuur.ServiceDefaults.Hosting;

/// <summary>
/// An operator's command given as the first arguments instead of running the service:
/// <code>
/// migrate                                   migrate every database and declare the broker topology
/// outbox dead-letters [--limit N]           list outbox rows the relay gave up on
/// outbox replay (--id N | --all)            put dead-lettered rows back in line
///        [--service NAME]                   one service's outbox, where a host has several (standalone)
/// error-queue list [QUEUE] [--limit N]      count every error queue, or list one's messages
/// error-queue replay QUEUE [--count N]      move messages back from QUEUE_error to QUEUE
/// </code>
/// Every other argument (<c>--Messaging:RabbitMq:Host=…</c>) is configuration, as for the service.
/// </summary>
public sealed record HostCommand(string Name, string? Verb, string? Queue, long? Id, bool All, int Limit, string? Service = null)
{
    public const string Migrate = "migrate";
    public const string Outbox = "outbox";
    public const string ErrorQueue = "error-queue";

    public const string Usage =
        "Commands: migrate | outbox dead-letters [--limit N] [--service NAME] | outbox replay (--id N | --all) [--service NAME] | " +
        "error-queue list [QUEUE] [--limit N] | error-queue replay QUEUE [--count N]";

    /// <summary>Splits the command from the configuration arguments; null when the arguments are no command.</summary>
    /// <exception cref="FormatException">A command with arguments it does not take.</exception>
    public static HostCommand? Parse(string[] args, out string[] configurationArgs)
    {
        configurationArgs = args;
        if (args.Length == 0 || args[0] is not (Migrate or Outbox or ErrorQueue))
        {
            return null;
        }

        var rest = new List<string>();
        string? verb = null;
        string? queue = null;
        long? id = null;
        var all = false;
        int? limit = null;
        string? service = null;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--id" when i + 1 < args.Length:
                    id = long.Parse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--service" when i + 1 < args.Length:
                    service = args[++i];
                    break;
                case "--all":
                    all = true;
                    break;
                case "--limit" or "--count" when i + 1 < args.Length:
                    limit = int.Parse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case { } word when !word.StartsWith('-') && verb is null && args[0] != Migrate:
                    verb = word;
                    break;
                case { } word when !word.StartsWith('-') && queue is null && args[0] == ErrorQueue:
                    queue = word;
                    break;
                default:
                    rest.Add(arg);
                    break;
            }
        }

        var command = new HostCommand(args[0], verb, queue, id, all, limit ?? 100, service);
        var valid = command.Name switch
        {
            Migrate => verb is null,
            Outbox => verb == "dead-letters" || (verb == "replay" && (id is not null ^ all)),
            ErrorQueue => verb == "list" || (verb == "replay" && queue is not null),
            _ => false,
        };
        if (!valid || command.Limit < 1)
        {
            throw new FormatException(Usage);
        }

        configurationArgs = rest.ToArray();
        return command;
    }
}
