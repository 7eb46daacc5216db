using Leercultuur.Scans.Instruments;

namespace Leercultuur.Scans.Scoring;

/// <summary>
/// Scores a scan. Per respondent a dimension's value is the mean of the items of that dimension the
/// respondent's role answers, after reverse scoring (<c>min + max − x</c>); per dimension the result is
/// the mean over respondents, also mapped to 0–100. In current-desired mode "now" and "wanted" are scored
/// alike and the gap is wanted minus now. Roles are scored separately and together.
/// </summary>
public static class Scorer
{
    public static double ItemValue(InstrumentItem item, int answer, AnswerScale scale) =>
        item.Reverse ? scale.Min + scale.Max - answer : answer;

    public static ScanScores Score(Instrument instrument, IReadOnlyList<Respondent> respondents)
    {
        if (respondents.Count == 0)
        {
            throw new ArgumentException("A scan without responses cannot be scored.", nameof(respondents));
        }

        var overall = ScoreGroup(instrument, respondents);
        var roles = instrument.Roles
            .Select(role => (role, answered: respondents.Where(r => r.Role == role.Key).ToList()))
            .Where(r => r.answered.Count > 0)
            .Select(r => new RoleResult(r.role.Key, r.answered.Count, ScoreGroup(instrument, r.answered)))
            .ToList();
        return new ScanScores(respondents.Count, overall, roles, Classify(instrument, overall));
    }

    /// <summary>The zone of each classification: high on an axis when the overall mean is at or above its cut-off.</summary>
    public static IReadOnlyList<ClassificationResult> Classify(Instrument instrument, IReadOnlyList<DimensionResult> overall) =>
        instrument.Classifications
            .Select(c => (c, x: overall.FirstOrDefault(d => d.Dimension == c.X), y: overall.FirstOrDefault(d => d.Dimension == c.Y)))
            .Where(t => t.x is not null && t.y is not null)
            .Select(t =>
            {
                var x = t.x!.Mean >= t.c.CutOff.X ? "high" : "low";
                var y = t.y!.Mean >= t.c.CutOff.Y ? "high" : "low";
                var zone = t.c.Zones.First(z => z.X == x && z.Y == y);
                return new ClassificationResult(t.c.Key, zone.Key, t.x.Mean, t.y.Mean);
            })
            .ToList();

    public static double ToHundred(double mean, AnswerScale scale) => (mean - scale.Min) / (scale.Max - scale.Min) * 100.0;

    private static List<DimensionResult> ScoreGroup(Instrument instrument, IReadOnlyList<Respondent> respondents)
    {
        var items = instrument.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var roleItems = instrument.Roles.ToDictionary(r => r.Key, r => r.Items.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var scale = instrument.Scale;
        var currentDesired = instrument.RatingMode == Instrument.CurrentDesired;
        var results = new List<DimensionResult>();
        foreach (var dimension in instrument.Dimensions)
        {
            var nows = new List<double>();
            var wanteds = new List<double>();
            foreach (var respondent in respondents)
            {
                var answered = dimension.Items.Where(id => roleItems[respondent.Role].Contains(id)).ToList();
                if (answered.Count == 0)
                {
                    continue;
                }

                if (currentDesired)
                {
                    nows.Add(answered.Average(id => ItemValue(items[id], respondent.Answers.Ratings![id].Now!.Value, scale)));
                    wanteds.Add(answered.Average(id => ItemValue(items[id], respondent.Answers.Ratings![id].Wanted!.Value, scale)));
                }
                else
                {
                    nows.Add(answered.Average(id => ItemValue(items[id], respondent.Answers.Answers![id], scale)));
                }
            }

            if (nows.Count == 0)
            {
                // No respondent's role answers this dimension: nothing to say about it.
                continue;
            }

            var mean = nows.Average();
            double? wanted = currentDesired ? wanteds.Average() : null;
            results.Add(new DimensionResult(
                dimension.Key,
                nows.Count,
                mean,
                ToHundred(mean, scale),
                QuartilesOf(nows),
                wanted,
                wanted is { } w ? ToHundred(w, scale) : null,
                wanted is { } g ? g - mean : null));
        }

        return results;
    }

    /// <summary>Quartiles by linear interpolation between order statistics (Hyndman and Fan's type 7, as spreadsheets do).</summary>
    public static Quartiles QuartilesOf(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return new Quartiles(Percentile(sorted, 0.25), Percentile(sorted, 0.5), Percentile(sorted, 0.75));
    }

    private static double Percentile(double[] sorted, double p)
    {
        var position = (sorted.Length - 1) * p;
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    /// <summary>
    /// What is wrong with one respondent's answers for their role, per item. A partial save may leave
    /// items out; a submission must answer every item of the role.
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> Check(Instrument instrument, InstrumentRole role, RespondentAnswers answers, bool complete)
    {
        var problems = new List<(string, string)>();
        var currentDesired = instrument.RatingMode == Instrument.CurrentDesired;
        var (used, other) = currentDesired ? ("ratings", "answers") : ("answers", "ratings");
        if (currentDesired ? answers.Answers is { Count: > 0 } : answers.Ratings is { Count: > 0 })
        {
            problems.Add((other, $"{instrument.Key} is rated in {instrument.RatingMode} mode: give '{used}', not '{other}'."));
            return problems;
        }

        var scale = instrument.Scale;
        var mine = role.Items.ToHashSet(StringComparer.Ordinal);
        string Range() => $"An answer is a whole number from {scale.Min} to {scale.Max}.";
        bool OnScale(int? value) => value is { } v && v >= scale.Min && v <= scale.Max;
        foreach (var (id, value) in answers.Answers ?? [])
        {
            if (!mine.Contains(id))
            {
                problems.Add((used, $"'{Truncate(id)}' is not an item the {role.Key} role answers in {instrument.Key} version {instrument.Version}."));
            }
            else if (!OnScale(value))
            {
                problems.Add(($"answers.{id}", Range()));
            }
        }

        foreach (var (id, rating) in answers.Ratings ?? [])
        {
            if (!mine.Contains(id))
            {
                problems.Add((used, $"'{Truncate(id)}' is not an item the {role.Key} role answers in {instrument.Key} version {instrument.Version}."));
            }
            else if (rating is null || !OnScale(rating.Now) || !OnScale(rating.Wanted))
            {
                problems.Add(($"ratings.{id}", $"A rating has 'now' and 'wanted', each a whole number from {scale.Min} to {scale.Max}."));
            }
        }

        if (complete)
        {
            var given = answers.Items.ToHashSet(StringComparer.Ordinal);
            foreach (var missing in role.Items.Where(id => !given.Contains(id)))
            {
                problems.Add(($"{used}.{missing}", "This item has no answer; a submission answers every item of the role."));
            }
        }

        return problems.Take(50).ToList();
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
