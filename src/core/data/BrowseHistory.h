#pragma once

#include "data/BrowseQuery.h"

#include <QList>

namespace bridgescope {

// Where the Data tab was before a jump along a foreign key: the view (table, filters, sort), the
// row and column it was on and how far it was scrolled sideways. Back (Alt+Left) returns there.
struct BrowsePlace
{
    BrowseSpec spec;
    qint64 row = -1;
    int column = -1;
    int horizontalScroll = 0;
};

// The places behind the current one, the latest last; the oldest go past kMostPlaces.
class BrowseHistory
{
public:
    static constexpr int kMostPlaces = 50;

    void push(const BrowsePlace &place)
    {
        m_places << place;
        if (m_places.size() > kMostPlaces)
            m_places.removeFirst();
    }
    bool isEmpty() const { return m_places.isEmpty(); }
    const BrowsePlace &last() const { return m_places.last(); }
    BrowsePlace takeLast() { return m_places.takeLast(); }
    void clear() { m_places.clear(); }

private:
    QList<BrowsePlace> m_places;
};

} // namespace bridgescope
