// Replaced by the database template builder once the platform lands.
export default function setup(): void {}
