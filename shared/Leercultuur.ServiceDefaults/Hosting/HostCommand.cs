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
/// rebuild                                   recompute every service's derived tables from its facts (reporting: every release)
/// replay                                    ask for the events a service derives from again (reporting: every completed scan)
/// token --role ROLE [--programme ID]        print a development token (no external authority configured)
///       [--subject S] [--hours N]
/// </code>
/// Every other argument (<c>--Messaging:RabbitMq:Host=…</c>) is configuration, as for the service.
/// </summary>
public sealed record HostCommand(string Name, string? Verb, string? Queue, long? Id, bool All, int Limit, string? Service = null)
{
    /// <summary>For <c>token</c>: the role, the programme and subject it speaks for, and how long it lasts.</summary>
    public string? Role { get; init; }

    public Guid? Programme { get; init; }

    public string? Subject { get; init; }

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(8);

    public const string Migrate = "migrate";
    public const string Outbox = "outbox";
    public const string ErrorQueue = "error-queue";
    public const string Token = "token";
    public const string Rebuild = "rebuild";
    public const string Replay = "replay";

    public const string Usage =
        "Commands: migrate | rebuild | replay | outbox dead-letters [--limit N] [--service NAME] | outbox replay (--id N | --all) [--service NAME] | " +
        "error-queue list [QUEUE] [--limit N] | error-queue replay QUEUE [--count N] | " +
        "token --role (admin | programme | analyst) [--programme ID] [--subject S] [--hours N]";

    /// <summary>Splits the command from the configuration arguments; null when the arguments are no command.</summary>
    /// <exception cref="FormatException">A command with arguments it does not take.</exception>
    public static HostCommand? Parse(string[] args, out string[] configurationArgs)
    {
        configurationArgs = args;
        if (args.Length == 0 || args[0] is not (Migrate or Outbox or ErrorQueue or Token or Rebuild or Replay))
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
        string? role = null;
        Guid? programme = null;
        string? subject = null;
        int? hours = null;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--id" when i + 1 < args.Length:
                    id = long.Parse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--role" when i + 1 < args.Length:
                    role = args[++i];
                    break;
                case "--programme" when i + 1 < args.Length:
                    programme = Guid.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--subject" when i + 1 < args.Length:
                    subject = args[++i];
                    break;
                case "--hours" when i + 1 < args.Length:
                    hours = int.Parse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture);
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
                case { } word when !word.StartsWith('-') && verb is null && args[0] is Outbox or ErrorQueue:
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

        var command = new HostCommand(args[0], verb, queue, id, all, limit ?? 100, service)
        {
            Role = role,
            Programme = programme,
            Subject = subject,
            Lifetime = TimeSpan.FromHours(hours ?? 8),
        };
        var valid = command.Name switch
        {
            Migrate or Rebuild or Replay => verb is null,
            Token => role is not null && Security.Roles.All.Contains(role) && (role == Security.Roles.Programme) == (programme is not null) &&
                     hours is null or (>= 1 and <= 720),
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
