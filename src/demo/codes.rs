//! Codes that stay unique across all the counties of one data set:
//! `G00001` cells, `D00001` deputies, `C00001` contacts, `S00001`
//! suggestions, `ST01` stations, `U001` units (wider numbers at bigger scales).

pub struct Codes {
    width: usize,
    station_width: usize,
    cells: usize,
    deputies: usize,
    contacts: usize,
    stations: usize,
    suggestions: usize,
    units: usize,
}

impl Codes {
    pub fn new(width: usize, station_width: usize) -> Codes {
        Codes {
            width,
            station_width,
            cells: 0,
            deputies: 0,
            contacts: 0,
            stations: 0,
            suggestions: 0,
            units: 0,
        }
    }

    fn next(prefix: &str, counter: &mut usize, width: usize) -> String {
        *counter += 1;
        format!("{prefix}{:0width$}", *counter)
    }

    pub fn cell(&mut self) -> String {
        Self::next("G", &mut self.cells, self.width)
    }
    pub fn deputy(&mut self) -> String {
        Self::next("D", &mut self.deputies, self.width)
    }
    pub fn contact(&mut self) -> String {
        Self::next("C", &mut self.contacts, self.width)
    }
    pub fn station(&mut self) -> String {
        Self::next("ST", &mut self.stations, self.station_width)
    }
    pub fn suggestion(&mut self) -> String {
        Self::next("S", &mut self.suggestions, self.width)
    }
    /// `U001` handling units (a digit wider than the stations').
    pub fn unit(&mut self) -> String {
        Self::next("U", &mut self.units, self.station_width + 1)
    }
}
