using Leercultuur.Contracts;
using Leercultuur.Scans.Instruments;

namespace Leercultuur.Scans.Scoring;

/// <summary>
/// Scores a scan: per respondent the mean of a dimension's items after reverse scoring
/// (<c>min + max − x</c>), then per dimension the mean over respondents, also mapped to 0–100.
/// </summary>
public static class Scorer
{
    public static double ItemValue(InstrumentItem item, int answer, AnswerScale scale) =>
        item.Reverse ? scale.Min + scale.Max - answer : answer;

    public static IReadOnlyList<DimensionScore> Score(Instrument instrument, IReadOnlyList<IReadOnlyDictionary<string, int>> responses)
    {
        if (responses.Count == 0)
        {
            throw new ArgumentException("A scan without responses cannot be scored.", nameof(responses));
        }

        var items = instrument.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var scale = instrument.Scale;
        return instrument.Dimensions.Select(dimension =>
        {
            var mean = responses
                .Select(answers => dimension.Items.Average(id => ItemValue(items[id], answers[id], scale)))
                .Average();
            return new DimensionScore
            {
                Dimension = dimension.Key,
                Mean = mean,
                Score = ToHundred(mean, scale),
                ScaleMin = scale.Min,
                ScaleMax = scale.Max,
            };
        }).ToList();
    }

    public static double ToHundred(double mean, AnswerScale scale) => (mean - scale.Min) / (scale.Max - scale.Min) * 100.0;

    /// <summary>What is wrong with one respondent's answers, per item; empty when every item has a value on the scale.</summary>
    public static IReadOnlyList<(string Field, string Message)> Check(Instrument instrument, IReadOnlyDictionary<string, int> answers)
    {
        var problems = new List<(string, string)>();
        foreach (var item in instrument.Items)
        {
            if (!answers.TryGetValue(item.Id, out var value))
            {
                problems.Add(($"answers.{item.Id}", "This item has no answer; every item must be answered."));
            }
            else if (value < instrument.Scale.Min || value > instrument.Scale.Max)
            {
                problems.Add(($"answers.{item.Id}", $"An answer is a whole number from {instrument.Scale.Min} to {instrument.Scale.Max}."));
            }
        }

        var known = instrument.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var unknown in answers.Keys.Where(k => !known.Contains(k)).Take(10))
        {
            problems.Add(($"answers", $"'{Truncate(unknown)}' is not an item of {instrument.Key} version {instrument.Version}."));
        }

        return problems;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
