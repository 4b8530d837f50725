using System.Text;

namespace WeComGateway.Callbacks.Tests;

/// <summary>Hostile-input generators for the scanners' differential fuzz tests: random bytes and edited seeds.</summary>
internal static class Fuzz
{
    /// <summary>Up to three edits: insert a piece, delete a run, overwrite a char, duplicate a slice, insert whitespace.</summary>
    public static string Mutate(string seed, string[] pieces, Random random)
    {
        var text = new StringBuilder(seed);
        for (var edits = random.Next(0, 4); edits > 0; edits--)
        {
            var at = random.Next(0, text.Length + 1);
            switch (random.Next(0, 5))
            {
                case 0:
                    text.Insert(at, pieces[random.Next(pieces.Length)]);
                    break;
                case 1 when at < text.Length:
                    text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at));
                    break;
                case 2 when at < text.Length:
                    text[at] = (char)random.Next(0x20, 0x7F);
                    break;
                case 3:
                    var from = random.Next(0, text.Length);
                    var length = Math.Min(random.Next(1, 40), text.Length - from);
                    text.Insert(at, text.ToString(from, length));
                    break;
                default:
                    text.Insert(at, random.Next(2) == 0 ? " " : "\n");
                    break;
            }
        }

        return text.ToString();
    }

    public static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        return bytes;
    }
}
