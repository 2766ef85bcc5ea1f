"""Grid data beyond yearly averages: hourly profiles (a CSV export) and the current intensity (an API).

The bundled knowledge base has one yearly figure per region; a time-shifting decision needs
the shape of the day. `profile` reads exports (Electricity Maps, WattTime, a generic CSV) into
an hourly `GridProfile`, `window` finds the cleanest slot for a job of a given length, and
`live` asks Electricity Maps or WattTime for the intensity right now; `zonecheck` tells
whether a profile's zone is the region's, and `attach` decides what a profile drives in one
system's footprint.
"""
