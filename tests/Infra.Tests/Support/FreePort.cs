using System.Net;
using System.Net.Sockets;

namespace Infra.Tests.Support;

/// <summary>
/// Free TCP ports on 127.0.0.1 for the servers a test starts. Taken below the system's ephemeral range
/// (<c>/proc/sys/net/ipv4/ip_local_port_range</c>, 32768-60999 by default): a port of that range, free when
/// checked, can be taken by any outgoing connection on the machine before the server binds it (a variants run
/// beside other test runs saw "Address already in use" so). Random, so two test runs side by side rarely try the
/// same port; checked by binding it; handed out once per test run, so two tests of one run never share one.
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> Given = [];

    private static readonly (int Low, int High) Range = Candidates();

    public static int Next()
    {
        lock (Given)
        {
            for (var attempt = 0; attempt < 10_000; attempt++)
            {
                var port = Random.Shared.Next(Range.Low, Range.High);
                if (!Given.Contains(port) && CanBind(port))
                {
                    Given.Add(port);
                    return port;
                }
            }

            throw new InvalidOperationException($"no free port between {Range.Low} and {Range.High} on 127.0.0.1");
        }
    }

    private static bool CanBind(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Ports 10000 up to the ephemeral range, or above it when it starts too low to leave room.</summary>
    private static (int Low, int High) Candidates()
    {
        var (low, high) = (32768, 60999);
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            (low, high) = (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux, or unreadable: assume the default range.
        }

        return low - 10_000 >= 2_000 ? (10_000, low) : (high + 1, 65_535);
    }
}
