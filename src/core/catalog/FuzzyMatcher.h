#pragma once

#include <QString>
#include <QStringView>

namespace bridgescope {

// Scores: one band per kind of match, wide enough that a caller's bonus (a kind of object
// preferred) does not reorder them.
inline constexpr int kExact = 10'000;
inline constexpr int kPrefix = 8'000;
inline constexpr int kWordStarts = 6'000;
inline constexpr int kSubstring = 4'000;
inline constexpr int kSubsequence = 2'000;

// Matches one typed word against many names without allocating: a 10,000-table catalog is
// scored on every key press. Every find of the program uses it: the console's completion, Go to
// anything and the navigator's filter (CatalogIndex), the Schema tab's Find, the table picker.
class FuzzyMatcher
{
public:
    explicit FuzzyMatcher(const QString &typed)
        : m_typed(typed.toLower())
        , m_wanted(QString(m_typed).remove(QLatin1Char('_')))
        , m_wantedMask(charMask(m_wanted))
    { }

    // The characters a lower-case name holds, as bits (letters and digits one each, others
    // shared): every kind of match needs each typed character (separators aside) in the name,
    // so a name whose mask lacks one of the typed word's is passed over without scoring it.
    static quint64 charMask(QStringView lower)
    {
        quint64 mask = 0;
        for (const QChar c : lower) {
            const char16_t u = c.unicode();
            if (u >= u'a' && u <= u'z')
                mask |= quint64(1) << (u - u'a');
            else if (u >= u'0' && u <= u'9')
                mask |= quint64(1) << (26 + u - u'0');
            else
                mask |= quint64(1) << (36 + u % 28);
        }
        return mask;
    }
    // False when the name (by its charMask) cannot match: score() would say -1.
    bool mayMatch(quint64 nameMask) const { return (m_wantedMask & ~nameMask) == 0; }

    int score(QStringView name, QStringView lower) const
    {
        if (m_typed.isEmpty())
            return kSubsequence;
        if (lower.size() == m_typed.size() && lower == m_typed)
            return kExact;
        if (lower.startsWith(m_typed))
            return kPrefix - int(qMin<qsizetype>(lower.size() - m_typed.size(), 999));
        if (wordStarts(name, lower))
            return kWordStarts - int(qMin<qsizetype>(lower.size(), 999));
        if (const qsizetype at = lower.indexOf(m_typed); at >= 0)
            return kSubstring - int(qMin<qsizetype>(at, 999));
        qsizetype at = 0;
        for (const QChar c : m_typed) {
            at = lower.indexOf(c, at);
            if (at < 0)
                return -1;
            ++at;
        }
        return kSubsequence - int(qMin<qsizetype>(lower.size(), 999));
    }

private:
    // Each typed character (separators skipped) begins a word of the name, or goes on the
    // word the one before began. Separators: _, and in quoted names a space or a dash.
    bool wordStarts(QStringView name, QStringView lower) const
    {
        if (m_wanted.isEmpty())
            return false;
        qsizetype at = 0;
        qsizetype i = 0;
        while (i < m_wanted.size() && at < lower.size()) {
            // A word starts after _ (or a space, a dash: quoted names have them) and where
            // camel case turns upper.
            const bool wordStart = at == 0 || !lower.at(at - 1).isLetterOrNumber()
                || (name.at(at).isUpper() && name.at(at - 1).isLower());
            if (wordStart && lower.at(at) == m_wanted.at(i)) {
                ++i;
                ++at;
                while (i < m_wanted.size() && at < lower.size() && lower.at(at) == m_wanted.at(i)
                       && lower.at(at) != QLatin1Char('_')) {
                    // Prefer starting the next word where the next typed character begins one.
                    const qsizetype nextWord = lower.indexOf(QLatin1Char('_'), at);
                    if (nextWord >= 0 && nextWord + 1 < lower.size()
                        && lower.at(nextWord + 1) == m_wanted.at(i))
                        break;
                    ++i;
                    ++at;
                }
            } else {
                ++at;
            }
        }
        return i == m_wanted.size();
    }

    QString m_typed;
    QString m_wanted;
    quint64 m_wantedMask = 0;
};

// How well `typed` matches `name`, or -1: the exact name first, then a prefix, then word
// starts ("we" for workflow_executions, "w_e" too), then a substring, then a subsequence.
// Case does not matter.
inline int fuzzyScore(const QString &name, const QString &typed)
{
    return FuzzyMatcher(typed).score(name, name.toLower());
}

} // namespace bridgescope
